// The mock API's operations, read from its own OpenAPI document: routing and request validation
// follow the document, so the spec stays the contract. Path and query values are coerced to the
// types the document gives them; bodies are checked as sent.
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import { maxJsonDepth, nestsDeeperThan } from "../front/json-depth.js";
import { setOwn } from "../protocol/own-key.js";
import type { MockApiOperationId } from "./types.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Json = Record<string, unknown>;

export interface MockApiOperation {
  operationId: MockApiOperationId;
  method: string;
  /** the path as the document writes it, e.g. /messages/{messageId} */
  template: string;
  /** the statuses the document lists for this operation */
  statuses: ReadonlySet<number>;
  match(path: string): Record<string, string> | undefined;
  /** coerces and checks path and query values; throws a Postmark-shaped refusal */
  params(path: Record<string, string>, query: URLSearchParams): { path: Record<string, unknown>; query: Record<string, unknown> };
  /** parses and checks a JSON body, or returns undefined for an operation that takes none */
  body(text: string): unknown;
}

export interface MockApiRoute {
  operation: MockApiOperation;
  pathParams: Record<string, string>;
}

const methods = ["get", "put", "post", "delete", "patch"] as const;
const documentId = "mock-api";

export function mockApiOperations(document: Json): MockApiOperation[] {
  const coercing = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true, useDefaults: true });
  const exact = new Ajv2020({ strict: false, allErrors: true });
  for (const ajv of [coercing, exact]) {
    addFormats(ajv);
    ajv.addSchema(document, documentId);
  }
  const operations: MockApiOperation[] = [];
  for (const [template, item] of Object.entries((document["paths"] ?? {}) as Record<string, Json>)) {
    const shared = (item["parameters"] ?? []) as Json[];
    for (const method of methods) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const parameters = [...shared, ...((operation["parameters"] ?? []) as Json[])].map((parameter) => resolve(document, parameter));
      operations.push(compile(document, coercing, exact, template, method.toUpperCase(), operation, parameters));
    }
  }
  return operations;
}

/** Finds the operation for a method and a path under /__mock/api; 404 or 405 when there is none. */
export function routeMockApi(operations: MockApiOperation[], method: string, path: string): MockApiRoute {
  const candidates = operations.flatMap((operation) => {
    const pathParams = operation.match(path);
    return pathParams ? [{ operation, pathParams }] : [];
  });
  const route = candidates.find((candidate) => candidate.operation.method === method);
  if (route) return route;
  if (candidates.length > 0) {
    const allowed = candidates.map((candidate) => candidate.operation.method).join(", ");
    throw new PostmarkError(405, errorCodes.notFound, `${path} does not take ${method}; it takes ${allowed}.`, { allow: allowed });
  }
  throw new PostmarkError(404, errorCodes.notFound, `The mock API has no endpoint ${method} ${path}.`);
}

function compile(document: Json, coercing: Ajv2020, exact: Ajv2020, template: string, method: string, operation: Json, parameters: Json[]): MockApiOperation {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const regex = new RegExp(`^${pattern}/?$`, "i");
  const objectOf = (where: string) => {
    const own = parameters.filter((parameter) => parameter["in"] === where);
    return {
      type: "object",
      properties: Object.fromEntries(own.map((parameter) => [parameter["name"], pointInto(parameter["schema"])])),
      required: own.filter((parameter) => parameter["required"] === true).map((parameter) => parameter["name"]),
    };
  };
  const validatePath = coercing.compile(objectOf("path"));
  const validateQuery = coercing.compile(objectOf("query"));
  const requestBody = operation["requestBody"] as Json | undefined;
  const bodySchema = (((requestBody?.["content"] as Json | undefined)?.["application/json"] as Json | undefined)?.["schema"]) as Json | undefined;
  const validateBody = bodySchema ? exact.compile(pointInto(bodySchema) as Json) : undefined;
  const statuses = new Set(Object.keys((operation["responses"] ?? {}) as Json).map(Number));

  return {
    operationId: operation["operationId"] as MockApiOperationId,
    method,
    template,
    statuses,
    match(path) {
      const found = regex.exec(path);
      if (!found) return undefined;
      return Object.fromEntries(names.map((name, index) => [name, safeDecode(found[index + 1] ?? "")]));
    },
    params(pathValues, query) {
      const path: Record<string, unknown> = { ...pathValues };
      // A path value of the wrong type names nothing that exists.
      if (!validatePath(path)) throw new PostmarkError(404, errorCodes.notFound, `No such ${Object.keys(pathValues).join(" or ")}: ${describe(validatePath.errors, "path")}.`);
      const queryValues: Record<string, unknown> = {};
      for (const key of new Set(query.keys())) setOwn(queryValues, key, query.get(key));
      if (!validateQuery(queryValues)) throw new PostmarkError(422, errorCodes.invalidFields, `Invalid query: ${describe(validateQuery.errors, "query")}.`);
      return { path, query: queryValues };
    },
    body(text) {
      if (!validateBody) return undefined;
      if (text.trim() === "") throw new PostmarkError(422, errorCodes.invalidJson, `${String(operation["operationId"])} needs a JSON body, and this request has none.`);
      if (nestsDeeperThan(text)) throw new PostmarkError(422, errorCodes.invalidJson, `The request body nests objects and arrays more than ${maxJsonDepth} levels deep.`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new PostmarkError(422, errorCodes.invalidJson, `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
      }
      if (!validateBody(parsed)) throw new PostmarkError(422, errorCodes.invalidFields, `Invalid request field(s): ${describe(validateBody.errors, "body")}.`);
      return parsed;
    },
  };
}

/** A parameter, following its $ref within the document. */
function resolve(document: Json, value: Json): Json {
  const ref = value["$ref"];
  if (typeof ref !== "string") return value;
  let target: unknown = document;
  for (const segment of ref.replace(/^#\//, "").split("/")) target = (target as Json)[segment.replace(/~1/g, "/").replace(/~0/g, "~")];
  return resolve(document, target as Json);
}

/** Rewrites the document's local $refs so a schema compiled on its own still finds them. */
function pointInto(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(pointInto);
  if (schema === null || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema as Json).map(([key, value]) => [key, key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `${documentId}${value}` : pointInto(value)]),
  );
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((error) => {
      const field = error.instancePath.replace(/^\//, "").replace(/\//g, ".") || where;
      const allowed = error.keyword === "enum" ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : "";
      return `${field} ${error.message ?? "is invalid"}${allowed}`;
    })
    .join("; ");
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
