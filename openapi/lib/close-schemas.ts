// Closing the answers of a bundled spec for tests and generators. The published spec leaves
// response and webhook schemas open, so that a client validating real answers keeps working the
// day Postmark adds a field. Tests want the opposite: an answer carrying a field the spec does not
// name is a mistake of the mock or of an example. `closeResponseSchemas` makes a copy in which
// every object schema of an answer or a webhook payload refuses unknown fields.
// Specs are JSON walked key by key here; `any` keeps the walker readable.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

const schemaPrefix = "#/components/schemas/";
const compositions = ["allOf", "anyOf", "oneOf"];

/**
 * A deep copy of a bundled spec whose response and webhook payload schemas refuse unknown
 * properties: an object schema that declares `properties` gets `additionalProperties: false`, or
 * `unevaluatedProperties: false` when it is composed with `allOf`/`anyOf`/`oneOf` (so the
 * properties of its parts count as known). A schema that already says something about
 * additional properties (a map such as `Metadata`) is left as it is. Request bodies and
 * parameters keep their open schemas: a component that requests use too, or that is a part of a
 * composition, is closed in a renamed copy (`<Name>.closed`) and only the answers point to it.
 * @param spec a bundled spec: every `$ref` is local
 * @returns 
 */
export function closeResponseSchemas<T extends Json>(spec: T): T {
  const copy: Json = structuredClone(spec);
  const originals = structuredClone(copy.components?.schemas ?? {});
  const requestSide = requestSchemaNames(copy);
  // component name and mode → the name the answers use
  const closedNames = new Map<string, string>();
  copy.components ??= {};
  copy.components.schemas ??= {};

  /** @param {string} name @param {"closed" | "part"} mode */
  function componentFor(name: string, mode: "closed" | "part"): string {
    const key = `${name}\u0000${mode}`;
    const known = closedNames.get(key);
    if (known) return known;
    const original = originals[name];
    if (original === undefined) throw new Error(`Unresolved $ref ${schemaPrefix}${name}`);
    // Closed in place when nothing else depends on the open form, renamed otherwise.
    const inPlace = mode === "closed" && !requestSide.has(name);
    const target = inPlace ? name : `${name}.${mode === "closed" ? "closed" : "closed-part"}`;
    closedNames.set(key, target);
    copy.components.schemas[target] = close(original, mode);
    return target;
  }

  /**
   * @param schema
   * @param mode "part": a branch of a composition, whose parent closes it
   * @returns 
   */
  function close(schema: any, mode: "closed" | "part"): any {
    if (Array.isArray(schema) || schema === null || typeof schema !== "object") return schema;
    if (typeof schema.$ref === "string") {
      if (!schema.$ref.startsWith(schemaPrefix)) return { ...schema };
      const name = decodePointer(schema.$ref.slice(schemaPrefix.length));
      return { ...schema, $ref: schemaPrefix + encodePointer(componentFor(name, mode)) };
    }
    const result: Json = { ...schema };
    if (isPlainObject(schema.properties)) {
      result.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, close(value, "closed")]));
    }
    if (schema.items !== undefined) result.items = close(schema.items, "closed");
    if (Array.isArray(schema.prefixItems)) result.prefixItems = schema.prefixItems.map((item: unknown) => close(item, "closed"));
    if (isPlainObject(schema.additionalProperties)) result.additionalProperties = close(schema.additionalProperties, "closed");
    // Branches of an object that declares properties of its own (or of an allOf) are parts of
    // one object; branches of a bare anyOf/oneOf (such as `X or null`) are whole alternatives.
    const partsOfOne = isPlainObject(schema.properties) || schema.type === "object";
    for (const keyword of compositions) {
      if (!Array.isArray(schema[keyword])) continue;
      const branchMode = keyword === "allOf" || partsOfOne ? "part" : mode;
      result[keyword] = schema[keyword].map((branch: unknown) => close(branch, branchMode));
    }
    if (mode === "closed" && result.additionalProperties === undefined && result.unevaluatedProperties === undefined) {
      const composedParts = compositions.some((keyword) => Array.isArray(schema[keyword]) && (keyword === "allOf" || partsOfOne));
      if (composedParts && declaresProperties(schema, originals)) result.unevaluatedProperties = false;
      else if (!composedParts && isPlainObject(schema.properties)) result.additionalProperties = false;
    }
    return result;
  }
  // shared responses already closed
  const closedShared = new Set<string>();
  for (const pathItem of Object.values(copy.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      if (!isPlainObject(operation) || !isPlainObject(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        operation.responses[status] = closeResponse(copy, response, close, closedShared);
      }
    }
  }
  for (const pathItem of Object.values(copy.webhooks ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      if (!isPlainObject(operation)) continue;
      if (operation.requestBody) operation.requestBody = closeResponse(copy, operation.requestBody, close, closedShared);
    }
  }
  return copy as T;
}

/** Closes the media schemas of a response or a webhook body (following a `$ref` to a shared response). */
function closeResponse(spec: Json, response: any, close: (schema: any, mode: "closed" | "part") => any, closedShared: Set<string>): any {
  if (typeof response?.$ref === "string") {
    const [, section, name] = response.$ref.match(/^#\/components\/(responses|requestBodies)\/(.+)$/) ?? [];
    if (!section || closedShared.has(response.$ref)) return response;
    closedShared.add(response.$ref);
    const key = decodePointer(name);
    spec.components[section][key] = closeMedia(spec.components[section][key], close);
    return response;
  }
  return closeMedia(response, close);
}

function closeMedia(holder: any, close: (schema: any, mode: "closed" | "part") => any): any {
  if (!isPlainObject(holder?.content)) return holder;
  const content = Object.fromEntries(
    Object.entries(holder.content as Json).map(([type, media]) => [type, media?.schema ? { ...media, schema: close(media.schema, "closed") } : media]),
  );
  return { ...holder, content };
}

/** Whether a schema, or a part it is composed of, names properties. */
function declaresProperties(schema: any, components: Json, seen = new Set<string>()): boolean {
  if (!isPlainObject(schema)) return false;
  if (typeof schema.$ref === "string" && schema.$ref.startsWith(schemaPrefix)) {
    const name = decodePointer(schema.$ref.slice(schemaPrefix.length));
    if (seen.has(name)) return false;
    seen.add(name);
    return declaresProperties(components[name], components, seen);
  }
  if (isPlainObject(schema.properties)) return true;
  return compositions.some((keyword) => Array.isArray(schema[keyword]) && schema[keyword].some((branch: unknown) => declaresProperties(branch, components, seen)));
}

/** The component schemas that request bodies and parameters reach, directly or through others. */
function requestSchemaNames(spec: Json): Set<string> {
  const names = new Set<string>();
  const visit = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isPlainObject(node)) return;
    if (typeof node.$ref === "string") {
      if (node.$ref.startsWith(schemaPrefix)) {
        const name = decodePointer(node.$ref.slice(schemaPrefix.length));
        if (names.has(name)) return;
        names.add(name);
        return visit(spec.components?.schemas?.[name]);
      }
      const [, section, name] = node.$ref.match(/^#\/components\/(parameters|requestBodies)\/(.+)$/) ?? [];
      if (section && name) visit(spec.components[section][decodePointer(name)]);
      return;
    }
    for (const [key, value] of Object.entries(node)) if (key !== "example" && key !== "examples") visit(value);
  };
  for (const pathItem of Object.values((spec.paths ?? {}) as Record<string, Json>)) {
    visit(pathItem?.parameters);
    for (const operation of Object.values(pathItem ?? {})) {
      if (!isPlainObject(operation)) continue;
      visit(operation.parameters);
      visit(operation.requestBody);
    }
  }
  return names;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function encodePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
