// Brings a JSON body to the shape the spec spells, the way Postmark's binder reads it: field names
// match without regard to case at every depth, `null` means "not given", and a field the
// operation does not take is ignored (and reported, so a typo stays visible in the log).
import { resolveRef } from "@postmark-openapi/spec/reader";
import { isInt64Literal, isNumberMarker, numberFromMarker } from "./json-numbers.js";
import { setOwn } from "./own-key.js";

type Json = Record<string, unknown>;

export interface NormalizeResult {
  value: unknown;
  /** dotted paths of fields dropped because the operation does not take them */
  ignored: string[];
  /** integers outside the 64-bit range or written with an exponent, where the spec wants an integer */
  badIntegers: string[];
}

interface Field {
  name: string;
  schema: Json;
}


export function createNormalizer(spec: Json) {
  const resolve = (node: unknown): Json => (node && typeof node === "object" ? ((resolveRef(spec, node) as Json | undefined) ?? {}) : {});
  const fieldCache = new WeakMap<Json, Map<string, Field>>();

  /** The schemas a value may match: the schema itself and its allOf/anyOf/oneOf branches, resolved. */
  function branches(schema: Json, into: Json[] = []): Json[] {
    const resolved = resolve(schema);
    into.push(resolved);
    for (const keyword of ["allOf", "anyOf", "oneOf"]) {
      const list = resolved[keyword];
      if (Array.isArray(list)) for (const branch of list) branches(branch as Json, into);
    }
    return into;
  }

  /** Every property an object schema names (in any branch), keyed by its lower-case name. */
  function fieldsOf(schema: Json): Map<string, Field> {
    let fields = fieldCache.get(schema);
    if (fields) return fields;
    fields = new Map();
    for (const branch of branches(schema)) {
      const properties = branch["properties"] as Record<string, Json> | undefined;
      for (const [name, property] of Object.entries(properties ?? {})) {
        const key = name.toLowerCase();
        const known = fields.get(key);
        // A branch often repeats a property only to narrow it; keep the fuller declaration.
        if (!known || Object.keys(resolve(known.schema)).length < Object.keys(resolve(property)).length) fields.set(key, { name, schema: property });
      }
    }
    fieldCache.set(schema, fields);
    return fields;
  }

  function takesOpenMap(schema: Json): boolean {
    return branches(schema).some((branch) => branch["additionalProperties"] !== undefined && branch["additionalProperties"] !== false);
  }

  function itemsOf(schema: Json): Json | undefined {
    for (const branch of branches(schema)) if (branch["items"]) return branch["items"] as Json;
    return undefined;
  }

  function wantsInteger(schema: Json): boolean {
    return branches(schema).some((branch) => branch["type"] === "integer" || (Array.isArray(branch["type"]) && branch["type"].includes("integer")));
  }

  function walk(value: unknown, schema: Json | undefined, path: string, result: NormalizeResult): unknown {
    if (isNumberMarker(value)) {
      const literal = numberFromMarker(value);
      if (schema && wantsInteger(schema)) {
        if (!isInt64Literal(literal)) result.badIntegers.push(path || "the body");
      }
      return Number(literal);
    }
    if (Array.isArray(value)) {
      const items = schema ? itemsOf(schema) : undefined;
      return value.map((item, index) => walk(item, items, `${path}[${index}]`, result));
    }
    if (!value || typeof value !== "object") return value;
    const fields = schema ? fieldsOf(schema) : new Map<string, Field>();
    const open = !schema || takesOpenMap(schema) || fields.size === 0;
    const out: Json = {};
    for (const [key, child] of Object.entries(value as Json)) {
      const field = fields.get(key.toLowerCase());
      const childPath = path ? `${path}.${field?.name ?? key}` : (field?.name ?? key);
      if (field) {
        if (child === null) continue;
        out[field.name] = walk(child, field.schema, childPath, result);
      } else if (open) {
        // Free-form maps (Metadata, TemplateModel) keep their keys and values as sent.
        setOwn(out, key, walk(child, undefined, childPath, result));
      } else if (child !== null) {
        result.ignored.push(childPath);
      }
    }
    return out;
  }

  return function normalize(body: unknown, schema: Json | undefined): NormalizeResult {
    const result: NormalizeResult = { value: undefined, ignored: [], badIntegers: [] };
    result.value = walk(body, schema, "", result);
    return result;
  };
}
