// The facts the spec gives tools as extensions agree with what its schemas and descriptions say.
import { describe, expect, it } from "vitest";
import { loadBundledSpec, type JsonObject } from "./load-spec.js";

const spec = loadBundledSpec();
const schemas = (spec.components as JsonObject).schemas as Record<string, JsonObject>;

interface BounceTypeFact {
  Type: string;
  TypeCode: number;
  Name: string;
  Deactivates: boolean;
  CanActivate: boolean;
}

const facts = (schemas["BounceType"]?.["x-postmark-bounce-types"] ?? []) as BounceTypeFact[];

describe("x-postmark-bounce-types", () => {
  it("has one row per BounceType, in the enum's order", () => {
    expect(facts.map((fact) => fact.Type)).toEqual(schemas["BounceType"]?.["enum"]);
  });

  it("pairs each type with the TypeCode BounceTypeCode gives it", () => {
    const codes = schemas["BounceTypeCode"] as { enum: number[]; "x-enum-varnames": string[] };
    expect(facts.map((fact) => [fact.Type, fact.TypeCode])).toEqual(codes["x-enum-varnames"].map((name, index) => [name, codes.enum[index]]));
  });

  it("agrees with the table in BounceType's description", () => {
    const rows = [...String(schemas["BounceType"]?.["description"]).matchAll(/^\| (\w+) \| (\d+) \|/gm)].map((match) => [match[1], Number(match[2])]);
    expect(rows).toEqual(facts.map((fact) => [fact.Type, fact.TypeCode]));
  });

  it("lets only a type that deactivates be reactivated", () => {
    expect(facts.filter((fact) => fact.CanActivate && !fact.Deactivates)).toEqual([]);
    expect(facts.filter((fact) => fact.Deactivates).map((fact) => fact.Type)).toEqual(["HardBounce", "BadEmailAddress", "SpamComplaint", "ManuallyDeactivated"]);
  });
});

describe("x-postmark-missing-field-error-code", () => {
  it("names the groups whose missing fields are an invalid email request (300)", () => {
    const tags = (spec.tags as JsonObject[]).filter((tag) => tag["x-postmark-missing-field-error-code"] !== undefined);
    expect(tags.map((tag) => [tag["name"], tag["x-postmark-missing-field-error-code"]])).toEqual([
      ["Bulk Email", 300],
      ["Email", 300],
    ]);
  });
});

describe("x-postmark-max-recipients", () => {
  it("is the limit EmailMessage's description states", () => {
    const message = schemas["EmailMessage"] as JsonObject;
    expect(message["x-postmark-max-recipients"]).toBe(50);
    expect(String(message["description"])).toContain(`at most ${String(message["x-postmark-max-recipients"])} recipients`);
  });
});
