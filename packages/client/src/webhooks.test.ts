import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseWebhook, WebhookParseError, type WebhookPayload } from "./index.js";

type Json = Record<string, any>;
const spec = createRequire(import.meta.url)("@postmark-openapi/spec/openapi.json") as Json;

/** Every example payload in the spec's `webhooks`, with the event it belongs to. */
const examples = Object.entries(spec.webhooks as Json).flatMap(([event, pathItem]) =>
  Object.entries(pathItem.post.requestBody.content["application/json"].examples as Json).map(
    ([name, example]) => [`${event} (${name})`, event, (example.$ref ? resolve(example.$ref) : example).value] as const,
  ),
);

function resolve(ref: string): Json {
  return ref.slice(2).split("/").reduce((node: Json, key) => node[key], spec);
}

describe("parseWebhook", () => {
  it("has an example of each of the seven payloads to parse", () => {
    expect(new Set(examples.map(([, event]) => event)).size).toBe(7);
  });

  it.each(examples)("parses the %s example, from text or from a value", (_name, event, payload) => {
    const fromText = parseWebhook(JSON.stringify(payload));
    expect(fromText.RecordType).toBe(event);
    expect(parseWebhook(payload)).toEqual(fromText);
  });

  it("narrows on RecordType", () => {
    const bounce = examples.find(([, event]) => event === "Bounce")![2];
    const payload: WebhookPayload = parseWebhook(bounce);
    if (payload.RecordType === "Bounce") expect(typeof payload.TypeCode).toBe("number");
    else expect.unreachable("the Bounce example parsed as something else");
  });

  it.each([
    ["text that is not JSON", "{not json", "not valid JSON"],
    ["an array", [], "must be a JSON object, not an array"],
    ["null", null, "must be a JSON object, not null"],
    ["a number", 42, "must be a JSON object, not number"],
    ["an unknown RecordType", { RecordType: "Unsubscribe" }, 'Unknown webhook RecordType "Unsubscribe"'],
    ["a Bounce without its fields", { RecordType: "Bounce", ID: 1 }, "The Bounce webhook payload lacks"],
    ["an object with no RecordType that is not inbound mail", { Hello: "world" }, "has no RecordType"],
  ])("rejects %s with a clear error", (_name, body, message) => {
    expect(() => parseWebhook(body)).toThrow(WebhookParseError);
    expect(() => parseWebhook(body)).toThrow(message);
  });
});
