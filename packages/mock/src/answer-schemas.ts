// Checks an answer against the response schema the spec declares for that operation and status,
// with response schemas closed (no field the spec does not name): the mock must never invent one.
// Used by the tests on every emulator answer and by the dynamic mode to vet generated answers.
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { closeResponseSchemas } from "@postmark-openapi/spec/close-schemas";
import { listOperations, oncePerObject, resolveRef } from "@postmark-openapi/spec/reader";
import type { Json, Spec } from "./front/operations.js";
import { createSchemaValidator } from "./front/schema-validator.js";

export interface AnswerCheck {
  /** false when the spec documents no such status for the operation */
  documented: boolean;
  errors: ErrorObject[];
}

export type AnswerValidator = (operationId: string, status: number, body: unknown) => AnswerCheck;

/** One validator per document object: the tests, the dynamic mode and the proxy each ask for one, often. */
export const createAnswerValidator: (spec: Spec) => AnswerValidator = oncePerObject(compileAnswerValidator);

function compileAnswerValidator(spec: Spec): AnswerValidator {
  const closed = closeResponseSchemas(spec);
  const ajv = createSchemaValidator(closed, "spec");
  const responsesByOperation = new Map<string, { pointer: string; responses: Json }>();
  for (const { path, method, operation } of listOperations(closed)) {
    responsesByOperation.set(operation["operationId"] as string, { pointer: `#/paths/${path.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}/responses`, responses: (operation["responses"] ?? {}) as Json });
  }
  const compiled = new Map<string, ValidateFunction | null>();
  // Many operations share one response (a $ref to components/responses): Ajv caches by schema
  // object, not by what it points at, so each pointer is compiled once here.
  const byPointer = new Map<string, ValidateFunction>();
  const compilePointer = (pointer: string) => {
    let validate = byPointer.get(pointer);
    if (!validate) byPointer.set(pointer, (validate = pointer === "" ? ajv.compile({}) : ajv.compile({ $ref: `spec${pointer}` })));
    return validate;
  };

  function validatorFor(operationId: string, status: number): ValidateFunction | null {
    const key = `${operationId} ${status}`;
    const known = compiled.get(key);
    if (known !== undefined) return known;
    const entry = responsesByOperation.get(operationId);
    const response = entry?.responses[String(status)] as Json | undefined;
    let validate: ValidateFunction | null = null;
    if (entry && response) {
      const base = typeof response["$ref"] === "string" ? (response["$ref"] as string) : `${entry.pointer}/${status}`;
      const media = ((resolveRef(closed, response) as Json)["content"] as Json | undefined)?.["application/json"];
      validate = compilePointer(media ? `${base}/content/application~1json/schema` : "");
    }
    compiled.set(key, validate);
    return validate;
  }

  return function check(operationId, status, body) {
    const validate = validatorFor(operationId, status);
    if (!validate) return { documented: false, errors: [] };
    return { documented: true, errors: validate(body) ? [] : [...(validate.errors ?? [])] };
  };
}
