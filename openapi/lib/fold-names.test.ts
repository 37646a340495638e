// foldFieldNames: field names in any case become the spec's spelling, at every depth.
import { describe, expect, it } from "vitest";
import { foldFieldNames } from "./fold-names.js";
import { loadBundledSpec } from "./spec-tools.js";

const spec = loadBundledSpec();
const sendEmail = { $ref: "#/components/schemas/EmailMessage" };
const batch = { $ref: "#/components/schemas/EmailBatch" };

describe("foldFieldNames", () => {
  it.each([
    ["top-level names in any case", sendEmail, { from: "a@example.com", TO: "b@example.org", textbody: "x" }, { From: "a@example.com", To: "b@example.org", TextBody: "x" }, []],
    ["names inside array items", sendEmail, { Attachments: [{ name: "a", contentid: "cid:a" }] }, { Attachments: [{ Name: "a", ContentID: "cid:a" }] }, []],
    ["map keys left as the caller wrote them", sendEmail, { metadata: { Plan: "pro" } }, { Metadata: { Plan: "pro" } }, []],
    ["unknown fields dropped and listed", sendEmail, { From: "a", Colour: "red", Attachments: [{ ContentLength: 3 }] }, { From: "a", Attachments: [{}] }, ["Colour", "Attachments[0].ContentLength"]],
    ["a value winning over a null of another spelling", sendEmail, { Attachments: [{ ContentId: "cid:x", ContentID: null }] }, { Attachments: [{ ContentID: "cid:x" }] }, []],
    ["each message of a batch", batch, [{ from: "a" }, { FROM: "b" }], [{ From: "a" }, { From: "b" }], []],
    ["names that only a branch declares", { $ref: "#/components/schemas/TemplatedEmailMessage" }, { templatealias: "welcome" }, { TemplateAlias: "welcome" }, []],
  ])("folds %s", (_name, schema, input, expected, ignored) => {
    expect(foldFieldNames(spec, schema, input)).toEqual({ value: expected, ignored });
  });

  it("leaves scalars and nulls as they are", () => {
    expect(foldFieldNames(spec, sendEmail, null)).toEqual({ value: null, ignored: [] });
  });
});
