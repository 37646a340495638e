// Brings a JSON body to the shape the spec spells, the way Postmark's binder reads it: field names
// match without regard to case at every depth, `null` means "not given", and a field the
// operation does not take is ignored (and reported, so a typo stays visible in the log). The
// binding itself is the spec package's `fold-names`; here it is told to drop nulls and to check
// the number literals that JSON.parse would have rounded.
import { createFolder } from "@postmark-openapi/spec/fold-names";
import { resolveRef } from "@postmark-openapi/spec/reader";
import { isInt64Literal, isNumberMarker, numberFromMarker } from "./json-numbers.js";

type Json = Record<string, unknown>;

export interface NormalizeResult {
  value: unknown;
  /** dotted paths of fields dropped because the operation does not take them */
  ignored: string[];
  /** integers outside the 64-bit range or written with an exponent, where the spec wants an integer */
  badIntegers: string[];
}

export function createNormalizer(spec: Json) {
  /** Whether the schema (or one of its branches) wants an integer. */
  function wantsInteger(schema: Json): boolean {
    const resolved = (resolveRef(spec, schema) as Json | undefined) ?? {};
    const type = resolved["type"];
    if (type === "integer" || (Array.isArray(type) && type.includes("integer"))) return true;
    return ["allOf", "anyOf", "oneOf"].some((keyword) => Array.isArray(resolved[keyword]) && (resolved[keyword] as Json[]).some(wantsInteger));
  }

  let badIntegers: string[] = [];
  const fold = createFolder(spec, {
    dropNulls: true,
    leaf(value, schema, path) {
      if (!isNumberMarker(value)) return value;
      const literal = numberFromMarker(value);
      if (schema && wantsInteger(schema) && !isInt64Literal(literal)) badIntegers.push(path || "the body");
      return Number(literal);
    },
  });

  return function normalize(body: unknown, schema: Json | undefined): NormalizeResult {
    badIntegers = [];
    const { value, ignored } = fold(schema, body);
    return { value, ignored, badIntegers };
  };
}
