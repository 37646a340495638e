// Document-level promises: security schemes, shared errors, error codes and webhook payloads.
import { describe, expect, it } from "vitest";
import { loadBundledSpec, operationsOf, resolveLocal, type JsonObject } from "./load-spec.js";

const spec = loadBundledSpec();
const components = spec.components as JsonObject;
const schemas = components.schemas as Record<string, JsonObject>;

describe("the document", () => {
  it("is OpenAPI 3.1 with Postmark's production server first", () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect((spec.servers as JsonObject[])[0]!.url).toBe("https://api.postmarkapp.com");
  });

  it("defines the two token headers as apiKey schemes", () => {
    const schemes = components.securitySchemes as Record<string, JsonObject>;
    expect(schemes.ServerToken).toMatchObject({ type: "apiKey", in: "header", name: "X-Postmark-Server-Token" });
    expect(schemes.AccountToken).toMatchObject({ type: "apiKey", in: "header", name: "X-Postmark-Account-Token" });
  });

  it.each([
    ["Unauthorized", 401],
    ["NotFound", 404],
    ["PayloadTooLarge", 413],
    ["UnsupportedMediaType", 415],
    ["UnprocessableEntity", 422],
    ["RateLimited", 429],
    ["InternalServerError", 500],
    ["ServiceUnavailable", 503],
  ])("has a shared %s response (%i) with the ApiError body and an example", (name) => {
    const response = (components.responses as Record<string, JsonObject>)[name]!;
    const media = (response.content as JsonObject)["application/json"] as JsonObject;
    expect(media.schema).toEqual({ $ref: "#/components/schemas/ApiError" });
    expect(Object.keys(media.examples as JsonObject).length).toBeGreaterThan(0);
  });

  it("has one error body: ErrorCode and Message, both required", () => {
    expect(schemas.ApiError).toMatchObject({ type: "object", required: ["ErrorCode", "Message"] });
  });

  it("lists every documented ErrorCode once, with a name and a meaning", () => {
    const codes = (schemas.KnownErrorCode!.oneOf as JsonObject[]).map((entry) => entry.const as number);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of [0, 10, 100, 300, 402, 406, 409, 410, 429, 701, 1003, 1101, 1226, 1302]) expect(codes).toContain(code);
    for (const entry of schemas.KnownErrorCode!.oneOf as JsonObject[]) {
      expect(entry.title).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(String(entry.description).length).toBeGreaterThan(10);
    }
  });
});

describe("webhook payloads", () => {
  const webhooks = operationsOf(spec.webhooks);
  const recordTypes = ["Bounce", "Delivery", "Open", "Click", "SpamComplaint", "SubscriptionChange", "Inbound"];

  it("describe the seven events Postmark posts", () => {
    expect(Object.keys(spec.webhooks as JsonObject).sort()).toEqual([...recordTypes].sort());
    expect(webhooks.map((entry) => entry.method)).toEqual(recordTypes.map(() => "post"));
  });

  it.each(webhooks.map((entry) => [entry.path, entry] as const))("%s has a JSON body schema and an example", (name, { operation }) => {
    const body = resolveLocal(spec, operation.requestBody) as JsonObject;
    const media = (body.content as JsonObject)["application/json"] as JsonObject;
    const schema = resolveLocal(spec, media.schema) as JsonObject;
    expect(schema.type).toBe("object");
    expect(Object.keys(media.examples as JsonObject).length).toBeGreaterThan(0);
    const recordType = (schema.properties as Record<string, JsonObject>).RecordType;
    if (name !== "Inbound" || recordType) expect(recordType?.const).toBe(name);
  });
});
