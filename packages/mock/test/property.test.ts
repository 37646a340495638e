// Hundreds of requests across every operation, valid ones built from the spec (examples plus
// optional query parameters drawn from their schemas) and broken ones: a valid request gets a
// 2xx, a broken one a Postmark-shaped 4xx; never a 5xx, never a hang.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAnswerValidator } from "../src/answer-schemas.js";
import { concretePath, exampleRequests, resolve, spec, tokenHeaders, useMock, type ExampleRequest } from "./support.js";

// Every answer, success or refusal, must be one the spec documents for that operation.
const checkAnswer = createAnswerValidator(spec);

const staticMock = useMock({ quiet: true, mode: "static" });
const emulator = useMock({ quiet: true });
const requests = exampleRequests();
const runs = 600;

/** fast-check arbitraries for the optional query parameters that have a finite or numeric schema. */
function optionalQueryArbitrary(request: ExampleRequest) {
  const pathItem = resolve(spec.paths[request.path]);
  const operation = pathItem[request.method.toLowerCase()];
  const entries: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(resolve)) {
    if (parameter.in !== "query" || parameter.required) continue;
    const schema = resolve(parameter.schema) ?? {};
    if (schema.enum) entries[parameter.name] = fc.constantFrom(...schema.enum);
    else if (schema.type === "boolean") entries[parameter.name] = fc.boolean();
    else if (schema.type === "integer") entries[parameter.name] = fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1_000_000 });
  }
  return fc.record(entries, { requiredKeys: [] });
}

function bodySchemaOf(request: ExampleRequest) {
  const operation = resolve(spec.paths[request.path])[request.method.toLowerCase()];
  const schema = resolve(resolve(operation.requestBody)?.content?.["application/json"]?.schema);
  return schema?.type === "array" ? resolve(schema.items) : schema;
}

const mutations = ["none", "pathCase", "trailingSlash", "dropRequired", "unknownField", "wrongType", "malformedJson", "noToken", "otherToken", "badCount", "wrongContentType", "badPathParam"];
// Postmark ignores fields an operation does not take, so an unknown field is harmless too.
const harmless = new Set(["none", "pathCase", "trailingSlash", "unknownField"]);

/** Applies one mutation; says whether the result should still be valid (when it does not apply, it is). */
function mutate(request: ExampleRequest, query: Record<string, unknown>, mutation: string) {
  // The example body, as loosely typed as the mutations that follow need.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body: any = structuredClone(request.body);
  const target = Array.isArray(body) ? body[0] : body;
  const schema = bodySchemaOf(request);
  let path = concretePath(request);
  let headers: Record<string, string | undefined> = { Accept: "application/json", ...tokenHeaders(request.token), ...(body === undefined ? {} : { "Content-Type": "application/json" }) };
  let text = body === undefined ? undefined : JSON.stringify(body);
  const queryValues: Record<string, unknown> = { ...request.query, ...query };
  switch (mutation) {
    case "pathCase":
      path = path.replace(/[a-z]+/g, (word: string) => (request.path.includes(`{`) && Object.values(request.pathParams).map(String).includes(word) ? word : word.toUpperCase()));
      break;
    case "trailingSlash":
      path = `${path}/`;
      break;
    case "dropRequired": {
      const field = schema?.required?.find((name: string) => target && name in target);
      if (!field) return { path, headers, text, query: queryValues, valid: true };
      delete target[field];
      text = JSON.stringify(body);
      break;
    }
    case "unknownField":
      if (!target || typeof target !== "object") return { path, headers, text, query: queryValues, valid: true };
      target.UnexpectedField = 1;
      text = JSON.stringify(body);
      break;
    case "wrongType": {
      const field = Object.keys(target ?? {}).find((name) => ["string", "boolean", "integer"].includes(resolve(schema?.properties?.[name])?.type));
      if (!field) return { path, headers, text, query: queryValues, valid: true };
      target[field] = { not: "this" };
      text = JSON.stringify(body);
      break;
    }
    case "malformedJson":
      if (text === undefined) return { path, headers, text, query: queryValues, valid: true };
      text = text.slice(0, -1);
      break;
    case "noToken":
      delete headers["X-Postmark-Server-Token"];
      delete headers["X-Postmark-Account-Token"];
      break;
    case "otherToken":
      headers = { ...headers, "X-Postmark-Server-Token": undefined, "X-Postmark-Account-Token": undefined, ...tokenHeaders(request.token === "ServerToken" ? "AccountToken" : "ServerToken") };
      break;
    case "badCount":
      if (!("count" in queryValues || "Count" in queryValues)) return { path, headers, text, query: queryValues, valid: true };
      queryValues["count" in queryValues ? "count" : "Count"] = 501;
      break;
    case "wrongContentType":
      if (text === undefined) return { path, headers, text, query: queryValues, valid: true };
      headers["Content-Type"] = "text/plain";
      break;
    case "badPathParam": {
      const integerParam = Object.keys(request.pathParams).find((name) => /id$/i.test(name) && typeof request.pathParams[name] === "number");
      if (!integerParam) return { path, headers, text, query: queryValues, valid: true };
      path = concretePath({ ...request, pathParams: { ...request.pathParams, [integerParam]: "x1" } });
      break;
    }
  }
  return { path, headers, text, query: queryValues, valid: harmless.has(mutation) };
}

// Against the documented examples every valid request succeeds; against the emulator a valid
// request may still be refused by a rule of state (an id that does not exist yet), but never with
// a 5xx, and every refusal is Postmark-shaped.
describe.each([
  ["documented answers", staticMock, true],
  ["the emulator", emulator, false],
] as const)("property against %s: valid requests succeed, broken ones fail cleanly", (_name, mock, validMeansSuccess) => {
  it(`holds for ${runs} generated requests across all operations`, async () => {
    let sent = 0;
    const seen = { valid: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...requests).chain((request) => fc.tuple(fc.constant(request), optionalQueryArbitrary(request), fc.constantFrom(...mutations))),
        async ([request, query, mutation]) => {
          const built = mutate(request, query as Record<string, unknown>, mutation);
          const url = new URL(built.path, mock.url);
          for (const [name, value] of Object.entries(built.query)) url.searchParams.set(name, String(value));
          const headers = Object.fromEntries(Object.entries(built.headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
          const response = await fetch(url, { method: request.method, headers, body: built.text ?? null, signal: AbortSignal.timeout(5_000) });
          const body: unknown = await response.json();
          const context = `${request.operationId} ${mutation} ${url}: ${JSON.stringify(body)}`;
          sent++;
          expect(response.status, context).toBeLessThan(500);
          const { documented, errors } = checkAnswer(request.operationId, response.status, body);
          expect({ documented, errors: errors.slice(0, 3) }, context).toEqual({ documented: true, errors: [] });
          if (response.status >= 400) expect(body, context).toEqual({ ErrorCode: expect.any(Number), Message: expect.any(String) });
          if (built.valid) {
            seen.valid++;
            if (validMeansSuccess) expect(response.status, context).toBeLessThan(300);
          } else {
            seen.invalid++;
            expect(response.status, context).toBeGreaterThanOrEqual(400);
          }
        },
      ),
      { numRuns: runs },
    );
    expect(sent).toBeGreaterThanOrEqual(500);
    expect(seen.valid).toBeGreaterThan(50);
    // Mutations that do not apply to a request leave it valid, so the split varies from run to run.
    expect(seen.invalid).toBeGreaterThan(100);
  }, 120_000);
});
