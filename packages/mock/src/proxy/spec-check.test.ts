// Findings on answers deeper than the top level: one finding per problem, named by its path,
// whatever anyOf/oneOf branches and nullable types the schema has there.
import { describe, expect, it } from "vitest";
import { loadSpec } from "../spec.js";
import type { Json } from "../front/operations.js";
import { createSpecCheck } from "./spec-check.js";

const spec = loadSpec();
const check = createSpecCheck(spec);
/** The spec's documented answer of listBounces, to change one thing in. */
function bounces(change: (first: Record<string, unknown>) => void): string {
  const responses = (spec.paths["/bounces"]!["get"] as Json)["responses"] as Record<string, { content: Record<string, { examples: Record<string, { value: { Bounces: Record<string, unknown>[] } }> }> }>;
  const value = structuredClone(Object.values(responses["200"]!.content["application/json"]!.examples)[0]!.value);
  change(value.Bounces[0]!);
  return JSON.stringify(value);
}

const exchange = (responseBody: string) => ({
  method: "GET",
  url: "/bounces?count=10&offset=0",
  requestHeaders: { accept: "application/json", "x-postmark-server-token": "t" },
  requestBody: "",
  status: 200,
  responseHeaders: { "content-type": "application/json; charset=utf-8" },
  responseBody,
});

describe("createSpecCheck on a list of bounces", () => {
  it.each([
    ["the documented example", () => {}, []],
    ["a field the spec does not name", (bounce: Record<string, unknown>) => (bounce["Surprise"] = 1), [["UndocumentedField", "Bounces[0].Surprise"]]],
    ["a required field left out", (bounce: Record<string, unknown>) => delete bounce["Details"], [["MissingField", "Bounces[0].Details"]]],
    ["a nullable field of the wrong type", (bounce: Record<string, unknown>) => (bounce["Content"] = 42), [["WrongType", "Bounces[0].Content"]]],
    ["a value outside an enum", (bounce: Record<string, unknown>) => (bounce["Type"] = "Bounced"), [["InvalidValue", "Bounces[0].Type"]]],
  ])("reports %s once", async (_what, change, expected) => {
    const { operationId, findings } = await check(exchange(bounces(change)));
    expect(operationId).toBe("listBounces");
    expect(findings.map((finding) => [finding.kind, finding.field])).toEqual(expected);
  });

  it("reports an answer that is not JSON", async () => {
    const { findings } = await check({ ...exchange("<html>"), responseHeaders: { "content-type": "text/html" } });
    expect(findings.map((finding) => finding.kind)).toEqual(["WrongType"]);
  });
});
