// Checks path, query and body of a request against the spec with Ajv, and explains the first
// problems in Postmark's words: "Invalid request field(s) - <field>: <rule>".
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { resolveRef } from "@postmark-openapi/spec/tools";
import { MockError, errorCodes } from "./errors.js";

const addFormats = /** @type {(ajv: Ajv2020) => Ajv2020} */ (/** @type {unknown} */ (addFormatsModule));

/** Groups whose missing fields Postmark reports as an invalid email request (300), not 403. */
const emailGroups = new Set(["Email", "Bulk Email"]);

export function createValidators(spec) {
  const bodyAjv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  const paramAjv = new Ajv2020({ strict: false, allErrors: true, verbose: true, coerceTypes: true });
  for (const ajv of [bodyAjv, paramAjv]) {
    addFormats(ajv);
    ajv.addKeyword({ keyword: "example" });
    ajv.addKeyword({ keyword: "x-enum-varnames" });
    ajv.addSchema(spec, "spec");
  }
  const cache = new Map();

  /** @param {import("./spec.js").Operation} operation */
  function validatorsFor(operation) {
    let entry = cache.get(operation.operationId);
    if (!entry) {
      entry = compileOperation(spec, operation, bodyAjv, paramAjv);
      cache.set(operation.operationId, entry);
    }
    return entry;
  }

  /**
   * Throws a MockError (422) when the request does not match the operation.
   * @param {import("./spec.js").Operation} operation
   * @param {{ pathParams: Record<string, string>, query: Record<string, string | string[]>, body: unknown }} request
   * @returns {{ query: Record<string, unknown> }} the query with names spelled as in the spec
   */
  return function validateRequest(operation, request) {
    const { path, query, body, queryNames } = validatorsFor(operation);
    const problems = [];
    const pathValues = { ...request.pathParams };
    if (!path(pathValues)) problems.push(...describe(path.errors, "path"));
    const queryValues = {};
    for (const [name, value] of Object.entries(request.query)) queryValues[queryNames.get(name.toLowerCase()) ?? name] = value;
    const coercedQuery = { ...queryValues };
    if (!query(coercedQuery)) problems.push(...describe(query.errors, "query"));
    if (body && !body(request.body)) problems.push(...describe(body.errors, "body"));
    if (problems.length > 0) {
      const onlyMissing = problems.every((problem) => problem.missing);
      const errorCode = emailGroups.has(operation.tag) && onlyMissing ? errorCodes.invalidEmailRequest : errorCodes.invalidFields;
      const fields = [...new Set(problems.map((problem) => problem.field))];
      throw new MockError(422, errorCode, `Invalid request field(s) - ${fields.join(", ")}. ${problems.map((problem) => problem.text).join("; ")}.`);
    }
    return { query: queryValues };
  };
}

function compileOperation(spec, operation, bodyAjv, paramAjv) {
  const method = operation.method.toLowerCase();
  const { parameters } = operation;
  const schemaFor = (location) => {
    const inLocation = parameters.filter((parameter) => parameter.in === location);
    return {
      type: "object",
      properties: Object.fromEntries(inLocation.map((parameter) => [parameter.name, pointIntoSpec(parameter.schema ?? {})])),
      required: inLocation.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    };
  };
  const mediaPointer = `#/paths/${escape(operation.path)}/${method}/requestBody/content/application~1json/schema`;
  const requestBody = operation.requestBody && resolveRef(spec, operation.requestBody);
  const bodyPointer = requestBody && operation.requestBody.$ref ? `${operation.requestBody.$ref}/content/application~1json/schema` : mediaPointer;
  return {
    path: paramAjv.compile(schemaFor("path")),
    query: paramAjv.compile(schemaFor("query")),
    body: requestBody ? bodyAjv.compile({ $ref: `spec${bodyPointer}` }) : undefined,
    queryNames: new Map(parameters.filter((parameter) => parameter.in === "query").map((parameter) => [parameter.name.toLowerCase(), parameter.name])),
  };
}

/** Ajv errors → one short text per problem, with the field named as a reader would write it. */
function describe(errors, location) {
  const branchPaths = errors.filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf").map((error) => error.schemaPath);
  const described = [];
  for (const error of errors) {
    // Failures inside the branches of an anyOf/oneOf are summed up by the anyOf/oneOf error itself.
    if (branchPaths.some((branch) => error.schemaPath.startsWith(`${branch}/`))) continue;
    const field = fieldName(error, location);
    described.push({ field, missing: isMissing(error), text: `${field}: ${ruleText(error)}` });
  }
  return described;
}

/** A required field, or none of the fields an anyOf/oneOf asks for, is absent. */
function isMissing(error) {
  if (error.keyword === "required") return true;
  if (error.keyword === "anyOf") return true;
  return error.keyword === "oneOf" && !error.params.passingSchemas;
}

function fieldName(error, location) {
  const segments = error.instancePath.split("/").slice(1).map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required") segments.push(error.params.missingProperty);
  if (error.keyword === "additionalProperties") segments.push(error.params.additionalProperty);
  const name = segments.reduce((text, segment) => (/^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), "");
  if (!name && (error.keyword === "anyOf" || error.keyword === "oneOf")) {
    const alternatives = (Array.isArray(error.schema) ? error.schema : []).flatMap((branch) => branch.required ?? []);
    if (alternatives.length > 0) return alternatives.join("/");
  }
  if (name) return location === "body" ? name : `${location} parameter ${name}`;
  return location === "body" ? "the body" : `the ${location}`;
}

function ruleText(error) {
  switch (error.keyword) {
    case "required":
      return "is required";
    case "additionalProperties":
      return "is not a field Postmark accepts here";
    case "enum":
      return `must be one of ${error.params.allowedValues.join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    case "anyOf":
    case "oneOf": {
      const alternatives = (Array.isArray(error.schema) ? error.schema : []).map((branch) => (branch.required ?? []).join(" and ")).filter(Boolean);
      if (alternatives.length === 0) return `must match the ${error.keyword === "oneOf" ? "one" : "at least one"} of its allowed shapes`;
      return error.keyword === "oneOf" ? `give exactly one of ${alternatives.join(", ")}` : `give at least one of ${alternatives.join(", ")}`;
    }
    case "type":
      return `must be ${article(error.params.type)}`;
    default:
      return error.message ?? "is invalid";
  }
}

function article(type) {
  const types = String(type).split(",");
  return types.map((name) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`)).join(" or ");
}

/** A copy of a schema whose local `$ref`s point into the spec registered as "spec". */
function pointIntoSpec(schema) {
  return JSON.parse(JSON.stringify(schema), (key, value) => (key === "$ref" && typeof value === "string" && value.startsWith("#") ? `spec${value}` : value));
}

function escape(segment) {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
