// Checks path, query and body of a request against its document with Ajv, and explains the
// problems in Postmark's words: "Invalid request field(s) - <field>: <rule>". With Postmark's
// binding, bodies are normalised first (names in any case, nulls as absent, unknown fields
// ignored), as Postmark binds them; otherwise (the mock's own API) they are checked as sent.
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { oncePerObject, resolveRef } from "@postmark-openapi/spec/reader";
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import { int64Rule, isInt64Literal } from "./json-numbers.js";
import { createNormalizer } from "./normalize.js";
import type { Json, Operation, Spec } from "./operations.js";
import { createSchemaValidator, pointInto } from "./schema-validator.js";

/**
 * Postmark's own ErrorCodes for a body field that is missing (or empty), too long, or otherwise
 * invalid, read from the spec's `x-postmark-error-codes` on a request schema (the default for its
 * fields) or on one of its properties. A number stands for all three.
 */
interface FieldCodes {
  missing?: number;
  tooLong?: number;
  invalid?: number;
}

interface BodyCodes {
  body: FieldCodes | undefined;
  fields: Map<string, FieldCodes>;
}

const extension = "x-postmark-error-codes";

function readCodes(value: unknown): FieldCodes | undefined {
  if (typeof value === "number") return { missing: value, tooLong: value, invalid: value };
  return value && typeof value === "object" ? (value as FieldCodes) : undefined;
}


export interface RequestParts {
  pathParams: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
}

export interface ValidatedRequest {
  /** path parameters, coerced to the spec's types */
  pathParams: Record<string, unknown>;
  /** query parameters with names spelled as in the spec, coerced to the spec's types */
  query: Record<string, unknown>;
  /** the normalised body */
  body: unknown;
  /** body fields that were ignored because the operation does not take them */
  ignoredFields: string[];
}

interface Problem {
  field: string;
  missing: boolean;
  /** the Ajv keyword that failed, for body problems */
  keyword?: string;
  text: string;
}

interface Compiled {
  path: ValidateFunction;
  query: ValidateFunction;
  body: ValidateFunction | undefined;
  bodySchema: Json | undefined;
  bodyCodes: BodyCodes | undefined;
  queryNames: Map<string, string>;
  paramTypes: Map<string, string>;
}

export interface ValidationPolicy {
  /** Postmark's binding of bodies: names in any case, null as absent, unknown fields ignored, 64-bit integers checked */
  postmarkBinding: boolean;
  /** fill in the defaults the document gives parameters */
  parameterDefaults: boolean;
  /** a path value of the wrong type names nothing that exists: 404, not 422 */
  pathMismatchNotFound: boolean;
}

interface DocumentChecks {
  compiledFor(operation: Operation): Compiled;
  normalize: ReturnType<typeof createNormalizer> | undefined;
}

/**
 * The checks compiled for a document, per binding, shared by every front made on that document
 * object: compiling them is most of what starting a front costs, and a served document is never
 * changed. (Ajv's functions and the normaliser keep no state between calls.)
 */
const checksByPolicy = oncePerObject((_spec: Spec) => new Map<string, DocumentChecks>());

function checksFor(spec: Spec, policy: ValidationPolicy): DocumentChecks {
  const byPolicy = checksByPolicy(spec);
  const key = `${policy.postmarkBinding} ${policy.parameterDefaults}`;
  let checks = byPolicy.get(key);
  if (!checks) {
    const bodyAjv = createSchemaValidator(spec, "spec", { verbose: true });
    const paramAjv = createSchemaValidator(spec, "spec", { verbose: true, coerceTypes: true, useDefaults: policy.parameterDefaults });
    const cache = new Map<string, Compiled>();
    checks = {
      compiledFor(operation) {
        let entry = cache.get(operation.operationId);
        if (!entry) {
          entry = compileOperation(spec, operation, bodyAjv, paramAjv);
          cache.set(operation.operationId, entry);
        }
        return entry;
      },
      normalize: policy.postmarkBinding ? createNormalizer(spec) : undefined,
    };
    byPolicy.set(key, checks);
  }
  return checks;
}

export function createValidators(spec: Spec, policy: ValidationPolicy): (operation: Operation, request: RequestParts) => ValidatedRequest {
  const { compiledFor, normalize } = checksFor(spec, policy);

  return function validateRequest(operation, request) {
    const compiled = compiledFor(operation);
    const problems: Problem[] = [];

    const pathValues: Record<string, unknown> = { ...request.pathParams };
    problems.push(...checkIntegers(pathValues, compiled.paramTypes, "path parameter"));
    if (!compiled.path(pathValues)) problems.push(...describe(compiled.path.errors ?? [], "path"));
    if (policy.pathMismatchNotFound && problems.length > 0) {
      throw new PostmarkError(404, errorCodes.notFound, `No such ${Object.keys(request.pathParams).join(" or ")}: ${problems.map((problem) => problem.text).join("; ")}.`);
    }

    const queryValues: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(request.query)) {
      const canonical = compiled.queryNames.get(name.toLowerCase()) ?? name;
      queryValues[canonical] = compiled.paramTypes.get(canonical) === "boolean" && typeof value === "string" ? value.toLowerCase() : value;
    }
    problems.push(...checkIntegers(queryValues, compiled.paramTypes, "query parameter"));
    if (!compiled.query(queryValues)) problems.push(...describe(compiled.query.errors ?? [], "query"));

    let body = request.body;
    let ignoredFields: string[] = [];
    if (compiled.body && body !== undefined) {
      if (normalize) {
        const normalized = normalize(body, compiled.bodySchema);
        body = normalized.value;
        ignoredFields = normalized.ignored;
        for (const field of normalized.badIntegers) problems.push({ field, missing: false, text: `${field}: ${int64Rule}` });
      }
      if (!compiled.body(body)) problems.push(...describe(compiled.body.errors ?? [], "body"));
    }

    if (problems.length > 0) {
      const onlyMissing = problems.every((problem) => problem.missing);
      // A group may answer a missing field with a code of its own (the spec's tag says so).
      const errorCode = specCode(compiled.bodyCodes, problems) ?? (onlyMissing ? operation.missingFieldErrorCode : undefined) ?? errorCodes.invalidFields;
      const fields = [...new Set(problems.map((problem) => problem.field))];
      throw new PostmarkError(422, errorCode, `Invalid request field(s) - ${fields.join(", ")}. ${problems.map((problem) => problem.text).join("; ")}.`);
    }
    return { pathParams: pathValues, query: queryValues, body, ignoredFields };
  };
}

/** The ErrorCode the spec names for the first body problem, if it names one. */
function specCode(codes: BodyCodes | undefined, problems: Problem[]): number | undefined {
  const first = problems[0];
  if (!codes || !first || first.keyword === undefined) return undefined;
  const field = first.field.split(/[.[]/)[0] ?? "";
  const kind = first.missing ? "missing" : first.keyword === "maxLength" || first.keyword === "maxItems" ? "tooLong" : "invalid";
  return codes.fields.get(field)?.[kind] ?? codes.body?.[kind];
}

/** The `x-postmark-error-codes` of a request body schema and of its properties. */
function bodyCodesOf(spec: Spec, schema: Json | undefined): BodyCodes | undefined {
  if (!schema) return undefined;
  const codes: BodyCodes = { body: undefined, fields: new Map() };
  const visit = (node: unknown) => {
    const resolved = resolveRef(spec, node) as Json | undefined;
    if (!resolved) return;
    codes.body ??= readCodes(resolved[extension]);
    for (const [name, property] of Object.entries((resolved["properties"] ?? {}) as Record<string, Json>)) {
      const own = readCodes(property[extension]);
      if (own && !codes.fields.has(name)) codes.fields.set(name, own);
    }
    for (const keyword of ["allOf", "anyOf", "oneOf"]) for (const branch of (resolved[keyword] as unknown[] | undefined) ?? []) visit(branch);
  };
  visit(schema);
  return codes.body || codes.fields.size > 0 ? codes : undefined;
}

/** Integer parameters must be written in plain digits and fit in 64 bits: `1e3` and 2^63 are refused. */
function checkIntegers(values: Record<string, unknown>, types: Map<string, string>, location: string): Problem[] {
  const problems: Problem[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (types.get(name) !== "integer") continue;
    for (const text of Array.isArray(value) ? value : [value]) {
      if (typeof text !== "string") continue;
      if (isInt64Literal(text)) continue;
      problems.push({ field: `${location} ${name}`, missing: false, text: `${location} ${name}: ${int64Rule}` });
    }
  }
  return problems;
}

function compileOperation(spec: Spec, operation: Operation, bodyAjv: Ajv2020, paramAjv: Ajv2020): Compiled {
  const method = operation.method.toLowerCase();
  const { parameters } = operation;
  const paramTypes = new Map<string, string>();
  for (const parameter of parameters) {
    const schema = resolveRef(spec, parameter["schema"] ?? {}) as Json;
    const type = Array.isArray(schema["type"]) ? (schema["type"] as string[]).find((name) => name !== "null") : schema["type"];
    if (typeof type === "string") paramTypes.set(parameter["name"] as string, type);
  }
  const schemaFor = (location: string) => {
    const inLocation = parameters.filter((parameter) => parameter["in"] === location);
    return {
      type: "object",
      properties: Object.fromEntries(inLocation.map((parameter) => [parameter["name"], pointInto(parameter["schema"] ?? {}, "spec")])),
      required: inLocation.filter((parameter) => parameter["required"]).map((parameter) => parameter["name"]),
    };
  };
  let body: ValidateFunction | undefined;
  let bodySchema: Json | undefined;
  if (operation.requestBody) {
    const requestBody = resolveRef(spec, operation.requestBody) as Json;
    const mediaPointer = `#/paths/${escape(operation.path)}/${method}/requestBody/content/application~1json/schema`;
    const ref = operation.requestBody["$ref"];
    const bodyPointer = typeof ref === "string" ? `${ref}/content/application~1json/schema` : mediaPointer;
    body = bodyAjv.compile({ $ref: `spec${bodyPointer}` });
    bodySchema = ((requestBody["content"] as Json | undefined)?.["application/json"] as Json | undefined)?.["schema"] as Json | undefined;
  }
  return {
    path: paramAjv.compile(schemaFor("path")),
    query: paramAjv.compile(schemaFor("query")),
    body,
    bodySchema,
    bodyCodes: bodyCodesOf(spec, bodySchema),
    queryNames: new Map(parameters.filter((parameter) => parameter["in"] === "query").map((parameter) => [(parameter["name"] as string).toLowerCase(), parameter["name"] as string])),
    paramTypes,
  };
}

/** Ajv errors → one short text per problem, with the field named as a reader would write it. */
function describe(errors: ErrorObject[], location: string): Problem[] {
  const branchPaths = errors.filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf").map((error) => error.schemaPath);
  const described: Problem[] = [];
  for (const error of errors) {
    // Failures inside the branches of an anyOf/oneOf are summed up by the anyOf/oneOf error itself.
    if (branchPaths.some((branch) => error.schemaPath.startsWith(`${branch}/`))) continue;
    // A "must match a schema in anyOf" on a nullable $ref field repeats the branch failure above it.
    const field = fieldName(error, location);
    described.push({ field, missing: isMissing(error), text: `${field}: ${ruleText(error)}`, ...(location === "body" ? { keyword: error.keyword } : {}) });
  }
  return described;
}

/** A required field, or none of the fields an anyOf/oneOf asks for, is absent. */
function isMissing(error: ErrorObject): boolean {
  // An empty string where text is needed counts as not given.
  if (error.keyword === "required" || (error.keyword === "minLength" && error.data === "")) return true;
  if (error.keyword === "anyOf") return alternativesOf(error).length > 0;
  return error.keyword === "oneOf" && !(error.params as { passingSchemas?: unknown }).passingSchemas && alternativesOf(error).length > 0;
}

function alternativesOf(error: ErrorObject): string[][] {
  return (Array.isArray(error.schema) ? (error.schema as Json[]) : []).map((branch) => (branch["required"] as string[] | undefined) ?? []).filter((names) => names.length > 0);
}

function fieldName(error: ErrorObject, location: string): string {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === "required" && params.missingProperty) segments.push(params.missingProperty);
  if (error.keyword === "additionalProperties" && params.additionalProperty) segments.push(params.additionalProperty);
  const name = segments.reduce((text, segment) => (/^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), "");
  if (!name && (error.keyword === "anyOf" || error.keyword === "oneOf")) {
    const alternatives = alternativesOf(error).flat();
    if (alternatives.length > 0) return alternatives.join("/");
  }
  if (name) return location === "body" ? name : `${location} parameter ${name}`;
  return location === "body" ? "the body" : `the ${location}`;
}

function ruleText(error: ErrorObject): string {
  const params = error.params as { allowedValues?: unknown[]; allowedValue?: unknown; type?: unknown };
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a field Postmark accepts here";
    case "enum":
      return `must be one of ${(params.allowedValues ?? []).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "anyOf":
    case "oneOf": {
      const alternatives = alternativesOf(error).map((names) => names.join(" and "));
      if (alternatives.length === 0) return "is not of an accepted type or shape";
      return error.keyword === "oneOf" ? `give exactly one of ${alternatives.join(", ")}` : `give at least one of ${alternatives.join(", ")}`;
    }
    case "type":
      return `must be ${article(params.type)}`;
    case "pattern": {
      // A pattern says what it wants in words where the spec gives them (dates), not as a regex.
      const text = (error.parentSchema as Json | undefined)?.["x-postmark-pattern-text"];
      return typeof text === "string" ? `must be ${text}` : (error.message ?? "is invalid");
    }
    default:
      return error.message ?? "is invalid";
  }
}

function article(type: unknown): string {
  const types = String(type)
    .split(",")
    .filter((name) => name !== "null");
  return types.map((name) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`)).join(" or ");
}


function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
