// Postmark binds JSON field names without regard to case: `contentid`, `ContentId` and
// `ContentID` are one field. The spec spells each name once, the way Postmark sends it. Before a
// body is checked against the spec, `foldFieldNames` rewrites its field names to those spellings,
// at every depth, and lists the fields that match no name of the schema (Postmark ignores them).
// This is the one implementation of that binding: the local Postmark's front uses it too, with
// `dropNulls` (Postmark reads null as "not given") and a `leaf` hook for its number checks.
import { oncePerObject, resolveRef } from "./spec-reader.js";

type Json = Record<string, unknown>;

export interface FoldOptions {
  /** leave out fields whose value is null, as Postmark reads them ("not given"); default false */
  dropNulls?: boolean;
  /** called for every value that is neither an object nor an array; its result replaces the value */
  leaf?: (value: unknown, schema: Json | undefined, path: string) => unknown;
}

interface Field {
  name: string;
  schema: Json;
}

/** The fields of a value no schema describes: none (never added to). */
const noFields: ReadonlyMap<string, Field> = new Map();

/**
 * @param spec the bundled spec (its `$ref`s are local)
 * @param schema the schema the value is meant for, such as an operation's request body schema
 * @param value a parsed JSON body
 * @returns a copy with canonical field names, and the paths (`Attachments[0].Colour`) of fields
 *   the schema does not name. Free-form maps (`Metadata`, `TemplateModel`) keep their keys as sent;
 *   when two spellings of one field meet, a value wins over a `null`, otherwise the later one wins.
 */
export function foldFieldNames(spec: object, schema: unknown, value: unknown, options: FoldOptions = {}): { value: unknown; ignored: string[] } {
  return createFolder(spec, options)(schema, value);
}

/** A folder for one spec, which keeps what it learns of each schema between bodies. */
export function createFolder(spec: object, options: FoldOptions = {}): (schema: unknown, value: unknown) => { value: unknown; ignored: string[] } {
  const resolve = (node: unknown): Json => (node && typeof node === "object" ? ((resolveRef(spec, node) as Json | undefined) ?? {}) : {});

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

  // What a schema's branches say is worked out once per schema: each body reads the same few.
  /** Every property an object schema names (in any branch), keyed by its lower-case name. */
  const fieldsOf = oncePerObject((schema: Json) => {
    const fields = new Map<string, Field>();
    for (const branch of branches(schema)) {
      const properties = branch["properties"] as Record<string, Json> | undefined;
      for (const [name, property] of Object.entries(properties ?? {})) {
        const key = name.toLowerCase();
        const known = fields.get(key);
        // A branch often repeats a property only to narrow it; keep the fuller declaration.
        if (!known || Object.keys(resolve(known.schema)).length < Object.keys(resolve(property)).length) fields.set(key, { name, schema: property });
      }
    }
    return fields;
  });

  const takesOpenMap = oncePerObject((schema: Json) => branches(schema).some((branch) => branch["additionalProperties"] !== undefined && branch["additionalProperties"] !== false));

  const itemsOf = oncePerObject((schema: Json): Json | undefined => {
    for (const branch of branches(schema)) if (branch["items"]) return branch["items"] as Json;
    return undefined;
  });

  function walk(value: unknown, schema: Json | undefined, path: string, ignored: string[]): unknown {
    if (Array.isArray(value)) {
      const items = schema ? itemsOf(schema) : undefined;
      return value.map((item, index) => walk(item, items, `${path}[${index}]`, ignored));
    }
    if (!value || typeof value !== "object") return options.leaf ? options.leaf(value, schema, path) : value;
    const fields = schema ? fieldsOf(schema) : noFields;
    const open = !schema || takesOpenMap(schema) || fields.size === 0;
    const out: Json = {};
    for (const [key, child] of Object.entries(value as Json)) {
      const field = fields.get(key.toLowerCase());
      const childPath = path ? `${path}.${field?.name ?? key}` : (field?.name ?? key);
      if (field) {
        if (child === null && (options.dropNulls || field.name in out)) continue;
        out[field.name] = walk(child, field.schema, childPath, ignored);
      } else if (open) {
        // Free-form maps keep their keys and values as sent, `__proto__` included: keys a client
        // chose are data, added as own properties.
        setOwn(out, key, walk(child, undefined, childPath, ignored));
      } else if (child !== null || !options.dropNulls) {
        ignored.push(childPath);
      }
    }
    return out;
  }

  return (schema, value) => {
    const ignored: string[] = [];
    return { value: walk(value, schema as Json | undefined, "", ignored), ignored };
  };
}

/** Adds `key` to `target` as an ordinary own property, whatever its name (`__proto__` too). */
function setOwn(target: Json, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
