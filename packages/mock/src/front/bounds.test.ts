// The spec and the front agree on every integer a request can carry: for each integer path and
// query parameter and each integer field at the top of a request body, any integer written in
// digits is accepted by the front exactly when it lies within the bounds the spec writes. The
// spec's bounds are read exactly (as BigInt, from the bundle's text), the way a tool that does
// not read numbers as doubles reads them; values are drawn around the bounds and far past them.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { exampleRequest, listOperations, resolveRef } from "@postmark-openapi/spec/tools";
import { describe, expect, it } from "vitest";
import { defaultSpecPath, loadSpec } from "../spec.js";
import type { OperationId } from "../protocol/spec-types.js";
import { createFront, postmarkPolicy } from "./front.js";

type Json = Record<string, unknown>;

const spec = loadSpec();
/** The bundle again, with every integer beyond 2^53 kept as the exact text it is written as. */
const exactSpec = JSON.parse(readFileSync(defaultSpecPath, "utf8"), function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
  return typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source ? BigInt(context.source) : value;
} as (this: unknown, key: string, value: unknown) => unknown) as Json;

const front = createFront<OperationId>({ document: spec, policy: postmarkPolicy, respond: () => ({ status: 200, body: {} }) });

interface Target {
  operationId: string;
  where: "path" | "query" | "body";
  name: string;
  minimum: bigint | undefined;
  maximum: bigint | undefined;
}

function bound(value: unknown): bigint | undefined {
  return typeof value === "bigint" ? value : typeof value === "number" ? BigInt(value) : undefined;
}

function integerSchema(node: unknown): Json | undefined {
  const schema = resolveRef(exactSpec, node) as Json | undefined;
  if (!schema) return undefined;
  const type = schema["type"];
  return type === "integer" || (Array.isArray(type) && type.includes("integer")) ? schema : undefined;
}

const examples = new Map(listOperations(spec).map((entry) => [entry.operation.operationId, { entry, request: exampleRequest(spec, entry) }]));

const targets: Target[] = listOperations(exactSpec as never).flatMap(({ operation, parameters }) => {
  const found: Target[] = [];
  const operationId = operation.operationId as string;
  for (const parameter of parameters as unknown as Json[]) {
    const schema = integerSchema(parameter["schema"]);
    if (!schema || (parameter["in"] !== "path" && parameter["in"] !== "query")) continue;
    found.push({ operationId, where: parameter["in"], name: parameter["name"] as string, minimum: bound(schema["minimum"]), maximum: bound(schema["maximum"]) });
  }
  const body = resolveRef(exactSpec, (operation as Json)["requestBody"]) as Json | undefined;
  const bodySchema = resolveRef(exactSpec, ((body?.["content"] as Json | undefined)?.["application/json"] as Json | undefined)?.["schema"]) as Json | undefined;
  for (const [name, property] of Object.entries((bodySchema?.["properties"] ?? {}) as Record<string, unknown>)) {
    const schema = integerSchema(property);
    if (schema) found.push({ operationId, where: "body", name, minimum: bound(schema["minimum"]), maximum: bound(schema["maximum"]) });
  }
  return found;
});

/** The request of an operation's example with one integer replaced by the literal. */
function requestWith(target: Target, literal: string): { method: string; url: string; body: string | undefined } {
  const { entry, request } = examples.get(target.operationId)!;
  const pathParams: Record<string, unknown> = { ...request.pathParams };
  const query: Record<string, unknown> = { ...request.queryParams };
  if (target.where === "path") pathParams[target.name] = literal;
  if (target.where === "query") query[target.name] = literal;
  const path = entry.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(String(pathParams[name])));
  const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)]));
  let body = request.body === undefined ? undefined : JSON.stringify(request.body);
  if (target.where === "body") {
    // Content given by TemplateId is given in no other way ("exactly one of" in the spec).
    const { TemplateAlias: _alias, HtmlBody: _html, TextBody: _text, ...rest } = request.body as Json;
    const withMarker = { ...(target.name === "TemplateId" ? rest : (request.body as Json)), [target.name]: "\u0000literal" };
    body = JSON.stringify(withMarker).replace('"\\u0000literal"', literal);
  }
  return { method: entry.method.toUpperCase(), url: `${path}${search.size > 0 ? `?${search}` : ""}`, body };
}

async function accepted(target: Target, literal: string): Promise<boolean> {
  const { method, url, body } = requestWith(target, literal);
  const answer = await front({
    method,
    url,
    headers: { accept: "application/json", "x-postmark-server-token": "t", "x-postmark-account-token": "a", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    readBody: async () => body ?? "",
  });
  if (answer.status === 200) return true;
  expect(answer.status, `${target.operationId} ${target.name}=${literal}: ${String(answer.body)}`).toBe(422);
  expect(String(answer.body), `${target.operationId} ${target.name}=${literal}`).toContain(target.name);
  return false;
}

const int64 = { minimum: -(2n ** 63n), maximum: 2n ** 63n - 1n };

describe("integer bounds: the spec says exactly what the front accepts", () => {
  it("finds the integers of every kind of place, the 64-bit ids among them", () => {
    expect(new Set(targets.map((target) => target.where))).toEqual(new Set(["path", "query", "body"]));
    expect(targets.find((target) => target.name === "bounceid")).toMatchObject(int64);
    expect(targets.find((target) => target.name === "DestinationServerID")).toMatchObject(int64);
  });

  it("gives every request integer both bounds, within 64 bits", () => {
    for (const target of targets) {
      expect(target.minimum, `${target.operationId} ${target.name}`).toBeGreaterThanOrEqual(int64.minimum);
      expect(target.maximum, `${target.operationId} ${target.name}`).toBeLessThanOrEqual(int64.maximum);
    }
  });

  it("agrees on integers at, around and far past each bound", async () => {
    const nearBound = (target: Target) =>
      fc.oneof(
        fc.bigInt({ min: -4n, max: 4n }).map((offset) => (target.minimum ?? 0n) + offset),
        fc.bigInt({ min: -4n, max: 4n }).map((offset) => (target.maximum ?? 0n) + offset),
        fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
      );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...targets).chain((target) => fc.tuple(fc.constant(target), nearBound(target))),
        async ([target, value]) => {
          const withinSpec = (target.minimum === undefined || value >= target.minimum) && (target.maximum === undefined || value <= target.maximum);
          expect(await accepted(target, value.toString()), `${target.operationId} ${target.where} ${target.name}=${value}`).toBe(withinSpec);
        },
      ),
      { numRuns: 1500 },
    );
  }, 60_000);
});
