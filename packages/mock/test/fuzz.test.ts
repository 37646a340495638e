// A contract fuzz of every operation, against the documented answers (--static) and the emulator.
// Requests are generated from the spec by json-schema-faker (the generator Prism uses), each judged
// by an independent validator of the spec (Ajv over the bundle), and turned invalid by one
// schema-directed change at a time (a bound crossed, a pattern or enum missed, a required field
// dropped, a wrong type). Two counts must be 0:
// - accepted-invalid: a request the spec refuses was answered 2xx;
// - rejected-valid: a request the spec accepts was refused for its fields or form (the front's
//   "Invalid request field(s)" and the 402/409/415 refusals). Refusals a rule of state or of
//   Postmark's words makes (an id that names nothing, an address the spec takes as any text) are
//   counted apart, as schemathesis-style fuzzers except state-dependent refusals.
import { JSONSchemaFaker } from "json-schema-faker";
import { exampleRequest, listOperations } from "@postmark-openapi/spec/tools";
import { describe, expect, it } from "vitest";
import { createSchemaValidator } from "../src/front/schema-validator.js";
import type { Json } from "../src/front/operations.js";
import { resolve, spec, tokenHeaders, useMock } from "./support.js";

const casesPerOperation = 4;

/** A schema with every `$ref` inlined (request schemas hold no cycles). */
function inline(node: unknown, depth = 0): unknown {
  if (depth > 40) throw new Error("a request schema nests too deeply to inline");
  if (Array.isArray(node)) return node.map((item) => inline(item, depth + 1));
  if (!node || typeof node !== "object") return node;
  const object = node as Json;
  if (typeof object["$ref"] === "string") return inline(resolve(object), depth + 1);
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, key === "example" || key === "examples" ? value : inline(value, depth + 1)]));
}

interface Operation {
  operationId: string;
  method: string;
  path: string;
  token: string | undefined;
  pathSchema: Json;
  querySchema: Json;
  bodySchema: Json | undefined;
  example: ReturnType<typeof exampleRequest>;
}

interface Case {
  operation: Operation;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** what was changed to make it invalid */
  change?: string;
}

const operations: Operation[] = listOperations(spec).map((entry) => {
  const params = (where: string) => entry.parameters.filter((parameter) => parameter.in === where);
  const objectOf = (where: string): Json => ({
    type: "object",
    properties: Object.fromEntries(params(where).map((parameter) => [parameter.name, inline(parameter.schema)])),
    required: params(where).filter((parameter) => parameter.required).map((parameter) => parameter.name),
    additionalProperties: false,
  });
  const body = resolve(entry.operation.requestBody);
  const bodySchema = body?.content?.["application/json"]?.schema;
  return {
    operationId: entry.operation.operationId!,
    method: entry.method.toUpperCase(),
    path: entry.path,
    token: entry.securityScheme,
    pathSchema: objectOf("path"),
    querySchema: objectOf("query"),
    bodySchema: bodySchema === undefined ? undefined : (inline(bodySchema) as Json),
    example: exampleRequest(spec, entry),
  };
});

// The judge: Ajv over the spec, with query and path values coerced from their text as they travel.
const params = createSchemaValidator({}, "none", { coerceTypes: true });
const bodies = createSchemaValidator({}, "none");
function isValid(kase: Case): boolean {
  const { operation } = kase;
  if (!params.validate(operation.pathSchema, structuredClone(kase.pathParams))) return false;
  if (!params.validate(operation.querySchema, structuredClone(kase.query))) return false;
  if (operation.bodySchema && kase.body !== undefined && !bodies.validate(operation.bodySchema, kase.body)) return false;
  return true;
}

let seed = 20261204;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
JSONSchemaFaker.option({ random, alwaysFakeOptionals: false, optionalsProbability: 0.5, useExamplesValue: false, maxItems: 3, maxLength: 40, failOnInvalidTypes: false, failOnInvalidFormat: false });

/** A generated case, or the operation's documented example when the generator misses the spec. */
function generated(operation: Operation): Case {
  for (let attempt = 0; attempt < 5; attempt++) {
    const kase: Case = {
      operation,
      pathParams: JSONSchemaFaker.generate(operation.pathSchema as never) as Record<string, unknown>,
      query: JSONSchemaFaker.generate(operation.querySchema as never) as Record<string, unknown>,
      body: operation.bodySchema ? JSONSchemaFaker.generate(operation.bodySchema as never) : undefined,
    };
    if (isValid(kase)) return kase;
  }
  const { example } = operation;
  return { operation, pathParams: example.pathParams, query: example.queryParams, body: example.body };
}

/** One schema-directed change that makes a valid case invalid, or undefined when none applies. */
function broken(kase: Case, pick: number): Case | undefined {
  const changes: Case[] = [];
  const { operation } = kase;
  for (const [where, schema] of [["query", operation.querySchema], ["path", operation.pathSchema]] as const) {
    for (const [name, property] of Object.entries((schema["properties"] ?? {}) as Record<string, Json>)) {
      const values: [string, unknown][] = [];
      if (property["enum"]) values.push(["not in the enum", "NotAValue"]);
      if (property["pattern"]) values.push(["not matching the pattern", "2026-2-30 or not"]);
      const type = Array.isArray(property["type"]) ? property["type"] : [property["type"]];
      if (type.includes("integer")) {
        values.push(["past 64 bits", "18446744073709551616"], ["not a number", "x1"]);
        if (typeof property["maximum"] === "number" && Number.isSafeInteger(property["maximum"])) values.push(["above the maximum", (property["maximum"] as number) + 1]);
        if (typeof property["minimum"] === "number" && Number.isSafeInteger(property["minimum"])) values.push(["below the minimum", (property["minimum"] as number) - 1]);
      }
      if (type.includes("boolean")) values.push(["not a boolean", "maybe"]);
      for (const [what, value] of values) {
        const pathParams = where === "path" ? { ...kase.pathParams, [name]: value } : kase.pathParams;
        const query = where === "query" ? { ...kase.query, [name]: value } : kase.query;
        changes.push({ ...kase, pathParams, query, change: `${where} ${name} ${what}` });
      }
    }
  }
  const body = kase.body;
  if (operation.bodySchema && body && typeof body === "object" && !Array.isArray(body)) {
    const schema = operation.bodySchema;
    for (const name of (schema["required"] as string[] | undefined) ?? []) {
      const { [name]: _dropped, ...rest } = body as Json;
      changes.push({ ...kase, body: rest, change: `body without ${name}` });
    }
    for (const [name, property] of Object.entries((schema["properties"] ?? {}) as Record<string, Json>)) {
      const type = Array.isArray(property["type"]) ? property["type"] : [property["type"]];
      if (type.some((entry) => ["string", "integer", "boolean"].includes(entry as string))) changes.push({ ...kase, body: { ...(body as Json), [name]: { not: "this" } }, change: `body ${name} of the wrong type` });
      if (typeof property["maxLength"] === "number" && property["maxLength"] < 100_000) changes.push({ ...kase, body: { ...(body as Json), [name]: "x".repeat((property["maxLength"] as number) + 1) }, change: `body ${name} too long` });
    }
  }
  // Only changes the judge agrees make the request invalid count as invalid cases.
  const invalid = changes.filter((change) => !isValid(change));
  return invalid.length === 0 ? undefined : invalid[pick % invalid.length];
}

function urlOf(base: string, kase: Case): URL {
  const path = kase.operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(String(kase.pathParams[name])));
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(kase.query)) url.searchParams.set(name, String(value));
  return url;
}

/**
 * Refusals of a request's fields or form, as opposed to refusals of state or of a rule. One rule
 * across parameters that OpenAPI cannot state, and the spec states in words, is set apart:
 * `GET /bounces` needs `count` and `offset` unless `messageID` is given.
 */
function refusedForm(status: number, body: { ErrorCode?: number; Message?: string }): boolean {
  if (/is required unless messageID is given/.test(body.Message ?? "")) return false;
  return status === 415 || body.ErrorCode === 402 || body.ErrorCode === 409 || (status === 404 && body.ErrorCode === 404 && /No Postmark endpoint/.test(body.Message ?? "")) || /^Invalid request field\(s\)/.test(body.Message ?? "");
}

const cases: { valid: Case[]; invalid: Case[] } = { valid: [], invalid: [] };
for (const operation of operations) {
  for (let index = 0; index < casesPerOperation; index++) {
    const valid = generated(operation);
    cases.valid.push(valid);
    const invalid = broken(valid, index);
    if (invalid) cases.invalid.push(invalid);
  }
}

const staticMock = useMock({ quiet: true, mode: "static" });
const emulator = useMock({ quiet: true });

describe.each([
  ["--static", staticMock],
  ["the emulator", emulator],
] as const)("the contract fuzz against %s", (name, mock) => {
  it("accepts no request the spec refuses and refuses no request the spec accepts", async () => {
    const counts = { valid: 0, invalid: 0, acceptedInvalid: [] as string[], rejectedValid: [] as string[], refusedByStateOrRule: new Map<number, number>() };
    for (const [kase, valid] of [...cases.valid.map((kase) => [kase, true] as const), ...cases.invalid.map((kase) => [kase, false] as const)]) {
      const url = urlOf(mock.url, kase);
      const hasBody = kase.body !== undefined;
      const response = await fetch(url, {
        method: kase.operation.method,
        headers: { Accept: "application/json", ...tokenHeaders(kase.operation.token, `fuzz-${kase.operation.token ?? "none"}`), ...(hasBody ? { "Content-Type": "application/json" } : {}) },
        body: hasBody ? JSON.stringify(kase.body) : null,
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await response.json()) as { ErrorCode?: number; Message?: string };
      const what = `${kase.operation.operationId} ${kase.change ?? "valid"} ${url.pathname}${url.search} → ${response.status} ${JSON.stringify(answer).slice(0, 300)}`;
      expect(response.status, what).toBeLessThan(500);
      if (valid) {
        counts.valid++;
        if (response.status >= 400) {
          if (refusedForm(response.status, answer)) counts.rejectedValid.push(what);
          else counts.refusedByStateOrRule.set(answer.ErrorCode ?? response.status, (counts.refusedByStateOrRule.get(answer.ErrorCode ?? response.status) ?? 0) + 1);
        }
      } else {
        counts.invalid++;
        if (response.status < 300) counts.acceptedInvalid.push(what);
      }
    }
    console.log(
      `contract fuzz against ${name}: ${counts.valid} valid and ${counts.invalid} invalid requests; accepted-invalid ${counts.acceptedInvalid.length}, rejected-valid ${counts.rejectedValid.length}; ` +
        `refused by state or a rule in words: ${[...counts.refusedByStateOrRule].map(([code, count]) => `${code}×${count}`).join(", ") || "none"}`,
    );
    expect(counts.valid).toBeGreaterThan(300);
    expect(counts.invalid).toBeGreaterThan(150);
    expect(counts.acceptedInvalid).toEqual([]);
    expect(counts.rejectedValid).toEqual([]);
  }, 120_000);
});
