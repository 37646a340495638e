// closeResponseSchemas: answers refuse unknown fields in the copy, requests and the original stay open.
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { closeResponseSchemas } from "./close-schemas.js";
import { loadBundledSpec } from "./spec-tools.js";

type Json = { [key: string]: any };
const spec = loadBundledSpec() as Json;
const closed = closeResponseSchemas(spec) as Json;

function validator(document: Json, pointer: string) {
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(document, "spec");
  return ajv.compile({ $ref: `spec${pointer}` });
}

const sendAnswer = "#/paths/~1email/post/responses/200/content/application~1json/schema";
const senderDetails = "#/paths/~1senders~1{signatureid}/get/responses/200/content/application~1json/schema";
const sendBody = "#/paths/~1email/post/requestBody/content/application~1json/schema";
const sendExample = spec.paths["/email"].post.responses["200"].content["application/json"].examples.accepted.value;
const senderExample = Object.values(spec.paths["/senders/{signatureid}"].get.responses["200"].content["application/json"].examples as Json)[0].value;
const bodyExample = Object.values(spec.paths["/email"].post.requestBody.content["application/json"].examples as Json)[0].value;

describe("closeResponseSchemas", () => {
  it.each([
    ["a send answer (allOf)", sendAnswer, sendExample],
    ["sender signature details (nested allOf)", senderDetails, senderExample],
  ])("closes %s: the example passes, an extra field fails", (_name, pointer, example) => {
    const validate = validator(closed, pointer);
    expect(validate(example)).toBe(true);
    expect(validate({ ...example, Surprise: 1 })).toBe(false);
    expect(validator(spec, pointer)({ ...example, Surprise: 1 })).toBe(true);
  });

  it("closes webhook payloads", () => {
    const schema = closed.webhooks.Bounce.post.requestBody.content["application/json"].schema;
    const payload = closed.components.schemas[schema.$ref.split("/").pop()];
    expect(payload.additionalProperties === false || payload.unevaluatedProperties === false).toBe(true);
  });

  it("leaves request bodies open and the given spec untouched", () => {
    expect(validator(closed, sendBody)({ ...bodyExample, Surprise: 1 })).toBe(true);
    expect(JSON.stringify(spec)).not.toContain('"additionalProperties":false');
    expect(closed.components.schemas.Metadata).toEqual(spec.components.schemas.Metadata);
  });

  it("closes a component that requests share in a renamed copy", () => {
    expect(closed.components.schemas.HttpAuth.additionalProperties).toBeUndefined();
    expect(closed.components.schemas["HttpAuth.closed"].additionalProperties).toBe(false);
  });
});
