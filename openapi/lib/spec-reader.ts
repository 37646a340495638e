// Reading a bundled spec already in memory: its operations with their parameters, local $refs,
// and a working example request per operation made from the spec's own examples. It imports
// nothing from Node, so code that runs in-process or in a browser can use it; spec-tools adds
// reading the bundle from disk.
import {
  httpMethods,
  type ExampleObject,
  type MaybeRef,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type Reference,
  type RequestBodyObject,
  type SchemaObject,
} from "./openapi-types.js";

export * from "./openapi-types.js";

/**
 * `derive`, computed once for each object it is asked about and kept while the object lives. For
 * work derived from parts of a spec (a document, a schema), which are never changed once loaded.
 */
export function oncePerObject<K extends object, T>(derive: (key: K) => T): (key: K) => T {
  const derived = new WeakMap<K, T>();
  return (key) => {
    if (derived.has(key)) return derived.get(key) as T;
    const value = derive(key);
    derived.set(key, value);
    return value;
  };
}

export function isReference(value: unknown): value is Reference {
  return typeof value === "object" && value !== null && typeof (value as { $ref?: unknown }).$ref === "string";
}

/** Follows local `$ref`s (`#/components/...`) until it reaches a value. */
export function resolveRef<T>(spec: object, node: MaybeRef<T>): T;
export function resolveRef<T>(spec: object, node: MaybeRef<T> | undefined): T | undefined;
export function resolveRef(spec: object, node: unknown): unknown {
  let value = node;
  const seen = new Set<string>();
  while (isReference(value)) {
    const ref = value.$ref;
    if (seen.has(ref)) throw new Error(`Circular $ref ${ref}`);
    seen.add(ref);
    if (!ref.startsWith("#/")) throw new Error(`Only local $refs are expected in the bundle, got ${ref}`);
    value = ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((parent, key) => (typeof parent === "object" && parent !== null ? (parent as Record<string, unknown>)[key] : undefined), spec);
    if (value === undefined) throw new Error(`Unresolved $ref ${ref}`);
  }
  return value;
}

export interface ListedOperation {
  path: string;
  method: (typeof httpMethods)[number];
  operation: OperationObject;
  /** The path item's parameters and the operation's own, all resolved. */
  parameters: ParameterObject[];
  /** The one security scheme the operation names, if it names exactly one. */
  securityScheme: string | undefined;
}

/**
 * Every operation under `paths` (or `webhooks`), in the order of the file, with the parameters of
 * its path item merged in (an operation's own parameter wins over the path item's of the same name
 * and place) and the one security scheme it names.
 */
export function listOperations(spec: OpenApiDocument, map: Record<string, PathItemObject> | undefined = spec.paths): ListedOperation[] {
  const operations: ListedOperation[] = [];
  for (const [path, pathItem] of Object.entries(map ?? {})) {
    for (const method of httpMethods) {
      const operation = pathItem[method];
      if (!operation) continue;
      const own = (operation.parameters ?? []).map((parameter) => resolveRef(spec, parameter));
      const inherited = (pathItem.parameters ?? [])
        .map((parameter) => resolveRef(spec, parameter))
        .filter((parameter) => !own.some((o) => o.name === parameter.name && o.in === parameter.in));
      const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
      operations.push({ path, method, operation, parameters: [...inherited, ...own], securityScheme: schemes.length === 1 ? schemes[0] : undefined });
    }
  }
  return operations;
}

/** The status of an operation's success answer: its lowest documented 2xx. */
export function successStatus(operation: OperationObject): string | undefined {
  return Object.keys(operation.responses ?? {})
    .sort()
    .find((status) => status.startsWith("2"));
}

/** The example value of a parameter: its own example first, then its schema's. */
export function parameterExample(spec: OpenApiDocument, parameter: ParameterObject): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {}).map((example) => resolveRef<ExampleObject>(spec, example));
  if (named[0]?.value !== undefined) return named[0].value;
  const schema: SchemaObject = resolveRef(spec, parameter.schema) ?? {};
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  return undefined;
}

/** The first named example of the JSON request body (the one the docs show first). */
export function requestBodyExample(spec: OpenApiDocument, operation: OperationObject): unknown {
  const requestBody = resolveRef<RequestBodyObject>(spec, operation.requestBody);
  if (!requestBody) return undefined;
  const media = requestBody.content?.["application/json"];
  if (!media) throw new Error(`${operation.operationId}: only JSON request bodies are expected`);
  const first = Object.values(media.examples ?? {}).map((example) => resolveRef<ExampleObject>(spec, example))[0];
  const value = first?.value ?? media.example ?? resolveRef(spec, media.schema)?.example;
  if (value === undefined) throw new Error(`${operation.operationId}: the request body has no example`);
  return value;
}

export interface ExampleRequest {
  operationId: string;
  method: string;
  path: string;
  pathParams: Record<string, unknown>;
  queryParams: Record<string, unknown>;
  body: unknown;
  securityScheme: string | undefined;
  deprecated: boolean;
}

/**
 * A call that works as it stands: path parameters and required query parameters filled with their
 * examples, and the first request body example. Optional filters stay out.
 */
export function exampleRequest(spec: OpenApiDocument, { path, method, operation, parameters, securityScheme }: ListedOperation): ExampleRequest {
  const pathParams: Record<string, unknown> = {};
  const queryParams: Record<string, unknown> = {};
  for (const parameter of parameters) {
    if (parameter.in !== "path" && !(parameter.in === "query" && parameter.required)) continue;
    const value = parameterExample(spec, parameter);
    if (value === undefined) throw new Error(`${operation.operationId}: parameter ${parameter.name} (${parameter.in}) has no example`);
    (parameter.in === "path" ? pathParams : queryParams)[parameter.name] = value;
  }
  return {
    operationId: operation.operationId,
    method: method.toUpperCase(),
    path,
    pathParams,
    queryParams,
    body: requestBodyExample(spec, operation),
    securityScheme,
    deprecated: operation.deprecated === true,
  };
}
