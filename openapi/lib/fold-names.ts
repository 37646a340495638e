// Postmark binds JSON field names without regard to case: `contentid`, `ContentId` and
// `ContentID` are one field. The spec spells each name once, the way Postmark sends it. Before a
// body is checked against the spec, `foldFieldNames` rewrites its field names to those spellings,
// at every depth, and lists the fields that match no name of the schema (Postmark ignores them).
// Specs are JSON walked key by key here; `any` keeps the walker readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const schemaPrefix = "#/components/schemas/";

/**
 * @param spec the bundled spec (its `$ref`s are local)
 * @param schema the schema the value is meant for, such as an operation's request body schema
 * @param value a parsed JSON body
 * @returns } a copy with canonical field names, and the
 *   paths (`Attachments[0].Colour`) of fields the schema does not name
 */
export function foldFieldNames(spec: Json, schema: unknown, value: unknown): { value: unknown; ignored: string[] } {
  const ignored: string[] = [];
  const folded = fold(spec, schema, value, "", ignored);
  return { value: folded, ignored };
}

function fold(spec: Json, schema: any, value: unknown, path: string, ignored: string[]): unknown {
  if (Array.isArray(value)) {
    const items = itemSchemas(spec, schema);
    return value.map((item, index) => fold(spec, items, item, `${path}[${index}]`, ignored));
  }
  if (value === null || typeof value !== "object") return value;
  const { properties, isMap, mapValues } = objectShape(spec, schema);
  if (isMap) {
    // A map such as Metadata: its keys are the caller's own, not field names.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fold(spec, mapValues, item, joinPath(path, key), ignored)]));
  }
  const canonical = new Map<string, string>();
  for (const name of properties.keys()) canonical.set(name.toLowerCase(), name);
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const name = canonical.get(key.toLowerCase());
    if (name === undefined) {
      ignored.push(joinPath(path, key));
      continue;
    }
    const next = fold(spec, properties.get(name), item, joinPath(path, name), ignored);
    // Two spellings of one field: a value wins over a null, otherwise the later one wins.
    if (name in result && next === null) continue;
    result[name] = next;
  }
  return result;
}

/** The named properties a schema allows (with their schemas, from every branch), or that it is a map. */
function objectShape(spec: Json, schema: unknown): { properties: Map<string, any>; isMap: boolean; mapValues: any } {
  const properties = new Map<string, any[]>();
  let isMap = false;
  let mapValues: any;
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    const resolved = resolve(spec, node, seen);
    if (!resolved || typeof resolved !== "object") return;
    for (const [name, property] of Object.entries(resolved.properties ?? {})) {
      if (!properties.has(name)) properties.set(name, []);
      properties.get(name)!.push(property);
    }
    if (resolved.additionalProperties && typeof resolved.additionalProperties === "object" && !resolved.properties) {
      isMap = true;
      mapValues = resolved.additionalProperties;
    }
    for (const keyword of ["allOf", "anyOf", "oneOf"]) for (const branch of resolved[keyword] ?? []) visit(branch);
  };
  visit(schema);
  // A field named in several branches: fold its value against all of them.
  const merged = new Map([...properties].map(([name, schemas]) => [name, schemas.length === 1 ? schemas[0] : { allOf: schemas }]));
  return { properties: merged, isMap: isMap && properties.size === 0, mapValues };
}

/** The item schemas of an array schema, across `X or null` alternatives. */
function itemSchemas(spec: Json, schema: unknown): any {
  const found: unknown[] = [];
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    const resolved = resolve(spec, node, seen);
    if (!resolved || typeof resolved !== "object") return;
    if (resolved.items) found.push(resolved.items);
    for (const keyword of ["allOf", "anyOf", "oneOf"]) for (const branch of resolved[keyword] ?? []) visit(branch);
  };
  visit(schema);
  return found.length === 1 ? found[0] : { anyOf: found };
}

function resolve(spec: Json, node: any, seen: Set<string>): any {
  let current = node;
  while (current && typeof current.$ref === "string") {
    if (!current.$ref.startsWith(schemaPrefix)) throw new Error(`Only local schema $refs are expected, got ${current.$ref}`);
    if (seen.has(current.$ref)) return undefined;
    seen.add(current.$ref);
    const name = current.$ref.slice(schemaPrefix.length).replace(/~1/g, "/").replace(/~0/g, "~");
    current = spec.components?.schemas?.[name];
    if (current === undefined) throw new Error(`Unresolved $ref ${node.$ref}`);
  }
  return current;
}

function joinPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}
