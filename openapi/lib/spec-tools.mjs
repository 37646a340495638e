// Reading the bundled spec, for the packages built from it (client generator, mock, docs,
// benchmarks): its operations with their parameters, local $refs, and a working example request
// per operation made from the spec's own examples.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const bundledSpecPath = fileURLToPath(new URL("../dist/openapi.json", import.meta.url));

export const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

export function loadBundledSpec(path = bundledSpecPath) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new Error(`Cannot read the bundled spec at ${path}: run the spec's bundle task first`, { cause });
  }
}

/** Follows local `$ref`s (`#/components/...`) until it reaches a value. */
export function resolveRef(spec, node) {
  let value = node;
  const seen = new Set();
  while (value && typeof value.$ref === "string") {
    if (seen.has(value.$ref)) throw new Error(`Circular $ref ${value.$ref}`);
    seen.add(value.$ref);
    if (!value.$ref.startsWith("#/")) throw new Error(`Only local $refs are expected in the bundle, got ${value.$ref}`);
    value = value.$ref
      .slice(2)
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((parent, key) => parent?.[key], spec);
    if (value === undefined) throw new Error(`Unresolved $ref ${[...seen].at(-1)}`);
  }
  return value;
}

/**
 * Every operation under `paths` (or `webhooks`), in the order of the file, with the parameters of
 * its path item merged in (an operation's own parameter wins over the path item's of the same name
 * and place) and the one security scheme it names.
 */
export function listOperations(spec, map = spec.paths) {
  const operations = [];
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
export function successStatus(operation) {
  return Object.keys(operation.responses ?? {}).sort().find((status) => status.startsWith("2"));
}

/** The example value of a parameter: its own example first, then its schema's. */
export function parameterExample(spec, parameter) {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {}).map((example) => resolveRef(spec, example));
  if (named[0]?.value !== undefined) return named[0].value;
  const schema = resolveRef(spec, parameter.schema) ?? {};
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  return undefined;
}

/** The first named example of the JSON request body (the one the docs show first). */
export function requestBodyExample(spec, operation) {
  const requestBody = resolveRef(spec, operation.requestBody);
  if (!requestBody) return undefined;
  const media = requestBody.content?.["application/json"];
  if (!media) throw new Error(`${operation.operationId}: only JSON request bodies are expected`);
  const first = Object.values(media.examples ?? {}).map((example) => resolveRef(spec, example))[0];
  const value = first?.value ?? media.example ?? resolveRef(spec, media.schema)?.example;
  if (value === undefined) throw new Error(`${operation.operationId}: the request body has no example`);
  return value;
}

/**
 * A call that works as it stands: path parameters and required query parameters filled with their
 * examples, and the first request body example. Optional filters stay out.
 * @param {object} spec
 * @param {ReturnType<typeof listOperations>[number]} entry
 */
export function exampleRequest(spec, { path, method, operation, parameters, securityScheme }) {
  const pathParams = {};
  const queryParams = {};
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
