// Which ErrorCodes the spec documents for each operation. The spec has no one list per operation;
// it says them in four places, all read here:
// - the operation's description names its codes in a paragraph about errors ("ErrorCodes: 511 (…)",
//   "Other errors: 1101 (…)", "answers 422 with ErrorCode 1000"): every number there that
//   `KnownErrorCode` lists;
// - the examples of the responses it declares (the shared 401, 422, 429, 503 … and its own);
// - its request body's `x-postmark-error-codes` and its tag's `x-postmark-missing-field-error-code`;
// - the codes the front answers on any operation (a token, JSON, a field, an unknown path).
// Portable: no Node imports.
import { listOperations, resolveRef } from "@postmark-openapi/spec/reader";
import type { Json, Spec } from "../front/operations.js";
import { errorCodes } from "../protocol/errors.js";

export function documentedErrorCodes(spec: Spec): Map<string, Set<number>> {
  const known = new Set(((spec.components["schemas"] as Json)["KnownErrorCode"] as { oneOf?: Json[] } | undefined)?.oneOf?.map((entry) => entry["const"] as number) ?? []);
  const tagCodes = new Map(((spec["tags"] ?? []) as Json[]).map((tag) => [tag["name"] as string, tag["x-postmark-missing-field-error-code"]]));
  const byOperation = new Map<string, Set<number>>();
  for (const { operation } of listOperations(spec)) {
    const codes = new Set<number>(Object.values(errorCodes));
    const description = typeof operation["description"] === "string" ? operation["description"] : "";
    for (const paragraph of description.split(/\n\s*\n/)) {
      if (!/error/i.test(paragraph)) continue;
      for (const match of paragraph.matchAll(/\b\d{1,5}\b/g)) if (known.has(Number(match[0]))) codes.add(Number(match[0]));
    }
    for (const response of Object.values((operation["responses"] ?? {}) as Json)) {
      const media = ((resolveRef(spec, response) as Json | undefined)?.["content"] as Json | undefined)?.["application/json"] as Json | undefined;
      for (const example of Object.values((media?.["examples"] ?? {}) as Json)) addErrorCode(codes, (resolveRef(spec, example) as Json | undefined)?.["value"]);
      addErrorCode(codes, media?.["example"]);
    }
    const tagCode = tagCodes.get(((operation["tags"] as string[] | undefined) ?? [])[0] ?? "");
    if (typeof tagCode === "number") codes.add(tagCode);
    const body = (resolveRef(spec, operation["requestBody"]) as Json | undefined)?.["content"] as Json | undefined;
    collectExtensionCodes(spec, (body?.["application/json"] as Json | undefined)?.["schema"], codes, new Set());
    byOperation.set(operation["operationId"] as string, codes);
  }
  return byOperation;
}

function addErrorCode(codes: Set<number>, value: unknown): void {
  if (value && typeof value === "object" && typeof (value as Json)["ErrorCode"] === "number") codes.add((value as Json)["ErrorCode"] as number);
}

/** Every number of `x-postmark-error-codes` in a request schema, at any depth. */
function collectExtensionCodes(spec: Spec, node: unknown, codes: Set<number>, seen: Set<unknown>): void {
  const schema = resolveRef(spec, node) as Json | undefined;
  if (!schema || typeof schema !== "object" || seen.has(schema)) return;
  seen.add(schema);
  const own = schema["x-postmark-error-codes"];
  if (typeof own === "number") codes.add(own);
  else if (own && typeof own === "object") for (const value of Object.values(own)) if (typeof value === "number") codes.add(value);
  for (const property of Object.values((schema["properties"] ?? {}) as Json)) collectExtensionCodes(spec, property, codes, seen);
  for (const keyword of ["allOf", "anyOf", "oneOf"]) for (const branch of (schema[keyword] as unknown[] | undefined) ?? []) collectExtensionCodes(spec, branch, codes, seen);
  if (schema["items"]) collectExtensionCodes(spec, schema["items"], codes, seen);
}
