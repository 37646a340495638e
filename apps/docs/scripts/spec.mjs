// Reading the bundled spec: its operations, the token each needs, and the example request each
// one's code samples are made from.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** Paths of the bundle written by the spec package's `bundle` task. */
export const bundledSpecFiles = {
  json: require.resolve("@postmark-openapi/spec/openapi.json"),
  yaml: require.resolve("@postmark-openapi/spec/openapi.yaml"),
};

export function loadBundledSpec() {
  return JSON.parse(readFileSync(bundledSpecFiles.json, "utf8"));
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
 * Every operation under `paths`, in the order of the file, with the parameters of its path item
 * merged in (an operation's own parameter wins over the path item's of the same name and place).
 */
export function listOperations(spec) {
  const operations = [];
  for (const [path, pathItem] of Object.entries(spec.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = pathItem[method];
      if (!operation) continue;
      const own = (operation.parameters ?? []).map((parameter) => resolveRef(spec, parameter));
      const inherited = (pathItem.parameters ?? [])
        .map((parameter) => resolveRef(spec, parameter))
        .filter((parameter) => !own.some((o) => o.name === parameter.name && o.in === parameter.in));
      operations.push({ path, method, operation, parameters: [...inherited, ...own] });
    }
  }
  return operations;
}

/** How each security scheme is sent, and how a developer holds the token. */
export const tokenSchemes = {
  ServerToken: { header: "X-Postmark-Server-Token", envVar: "POSTMARK_SERVER_TOKEN", clientOption: "serverToken" },
  AccountToken: { header: "X-Postmark-Account-Token", envVar: "POSTMARK_ACCOUNT_TOKEN", clientOption: "accountToken" },
};

/** The one token an operation needs, from its `security`. */
export function tokenOf(operation) {
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  const known = schemes.filter((scheme) => tokenSchemes[scheme]);
  if (known.length !== 1) {
    throw new Error(`${operation.operationId}: expected exactly one of ${Object.keys(tokenSchemes).join(", ")} in security, got ${JSON.stringify(operation.security)}`);
  }
  return { scheme: known[0], ...tokenSchemes[known[0]] };
}

/** The example value of a parameter: its own example first, then its schema's. */
function parameterExample(spec, parameter) {
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

/** The first named example of the JSON request body (the one Redoc shows first). */
function requestBodyExample(spec, operation) {
  const requestBody = resolveRef(spec, operation.requestBody);
  if (!requestBody) return undefined;
  const media = requestBody.content?.["application/json"];
  if (!media) throw new Error(`${operation.operationId}: only JSON request bodies are expected`);
  const first = Object.values(media.examples ?? {}).map((example) => resolveRef(spec, example))[0];
  const value = first?.value ?? media.example ?? resolveRef(spec, media.schema)?.example;
  if (value === undefined) throw new Error(`${operation.operationId}: the request body has no example to build code samples from`);
  return value;
}

/**
 * A call that works as it stands: path parameters and required query parameters filled with their
 * examples, and the first request body example. Optional filters stay out so the call returns
 * data on any account; the docs list them under Parameters.
 */
export function exampleRequest(spec, { path, method, operation, parameters }) {
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
    token: tokenOf(operation),
    deprecated: operation.deprecated === true,
  };
}
