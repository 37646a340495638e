// Every example in the bundled spec is valid against its schema, checked by a JSON Schema 2020-12
// validator (Ajv) independently of the linter. Answers and webhook payloads are checked against
// closed copies of their schemas, so an example cannot carry a field the spec does not name.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { closeResponseSchemas } from "../lib/close-schemas.js";
import { getPointer, httpMethods, loadBundledSpec, pointerOf, resolveLocal, type JsonObject } from "./load-spec.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const spec = closeResponseSchemas(loadBundledSpec());

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addKeyword({ keyword: "example" });
ajv.addKeyword({ keyword: "x-enum-varnames" });
ajv.addSchema(spec as object, "spec");

const validators = new Map<string, ValidateFunction>();
function validatorFor(schemaPointer: string): ValidateFunction {
  let validate = validators.get(schemaPointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `spec${schemaPointer}` });
    validators.set(schemaPointer, validate);
  }
  return validate;
}

interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: unknown;
}

function examplesOfMedia(mediaPointer: string, media: JsonObject, where: string, found: ExampleCase[]) {
  const schemaPointer = `${mediaPointer}/schema`;
  if (media.example !== undefined) found.push({ where: `${where} example`, schemaPointer, value: media.example });
  for (const [name, example] of Object.entries((media.examples ?? {}) as JsonObject)) {
    const resolved = resolveLocal(spec, example) as JsonObject;
    found.push({ where: `${where} example "${name}"`, schemaPointer, value: resolved.value });
  }
}

function examplesOfParameter(parameterPointer: string, where: string, found: ExampleCase[]) {
  const parameter = resolveLocal(spec, getPointer(spec, parameterPointer)) as JsonObject;
  const pointer = parameterPointerOf(parameterPointer);
  const label = `${where} parameter ${String(parameter.name)}`;
  if (parameter.example !== undefined) found.push({ where: label, schemaPointer: `${pointer}/schema`, value: parameter.example });
  for (const [name, example] of Object.entries((parameter.examples ?? {}) as JsonObject)) {
    found.push({ where: `${label} "${name}"`, schemaPointer: `${pointer}/schema`, value: (resolveLocal(spec, example) as JsonObject).value });
  }
}

function parameterPointerOf(pointer: string): string {
  const node = getPointer(spec, pointer) as JsonObject;
  return typeof node.$ref === "string" ? parameterPointerOf(node.$ref) : pointer;
}

function responsePointerOf(pointer: string): string {
  const node = getPointer(spec, pointer) as JsonObject;
  return typeof node.$ref === "string" ? responsePointerOf(node.$ref) : pointer;
}

function examplesOfOperations(mapName: "paths" | "webhooks", found: ExampleCase[]) {
  for (const [path, pathItem] of Object.entries((spec[mapName] ?? {}) as Record<string, JsonObject>)) {
    for (const method of httpMethods) {
      const operation = pathItem[method] as JsonObject | undefined;
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const base = [mapName, path, method] as const;
      ((operation.parameters ?? []) as unknown[]).forEach((_parameter, index) =>
        examplesOfParameter(pointerOf(...base, "parameters", index), where, found),
      );
      const body = operation.requestBody as JsonObject | undefined;
      if (body) {
        const bodyPointer = responsePointerOf(pointerOf(...base, "requestBody"));
        const content = ((getPointer(spec, bodyPointer) as JsonObject).content ?? {}) as JsonObject;
        for (const [type, media] of Object.entries(content)) examplesOfMedia(`${bodyPointer}/content/${type.replace(/\//g, "~1")}`, media as JsonObject, `${where} request`, found);
      }
      for (const status of Object.keys((operation.responses ?? {}) as JsonObject)) {
        const responsePointer = responsePointerOf(pointerOf(...base, "responses", status));
        const content = ((getPointer(spec, responsePointer) as JsonObject).content ?? {}) as JsonObject;
        for (const [type, media] of Object.entries(content)) examplesOfMedia(`${responsePointer}/content/${type.replace(/\//g, "~1")}`, media as JsonObject, `${where} ${status}`, found);
      }
    }
  }
}

/** `example` keywords inside component schemas, at any depth, checked against the schema that holds them. */
function examplesOfSchemas(found: ExampleCase[]) {
  const visit = (node: unknown, pointer: string, label: string) => {
    if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${pointer}/${index}`, label));
    if (!node || typeof node !== "object") return;
    const schema = node as JsonObject;
    if (schema.example !== undefined) found.push({ where: `${label} ${pointer.split("/").slice(4).join(".") || "(schema)"}`, schemaPointer: pointer, value: schema.example });
    for (const [key, value] of Object.entries(schema)) {
      if (key === "example" || key === "examples" || key === "enum" || key === "const") continue;
      visit(value, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`, label);
    }
  };
  const schemas = ((spec.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  for (const [name, schema] of Object.entries(schemas)) visit(schema, pointerOf("components", "schemas", name), `schema ${name}`);
}

const cases: ExampleCase[] = [];
examplesOfOperations("paths", cases);
examplesOfOperations("webhooks", cases);
examplesOfSchemas(cases);

describe("examples", () => {
  it("exist in quantity: every operation and webhook contributes some", () => {
    expect(cases.length).toBeGreaterThan(300);
  });

  it.each(cases.map((exampleCase) => [exampleCase.where, exampleCase] as const))("%s is valid", (_where, { schemaPointer, value }) => {
    const validate = validatorFor(schemaPointer);
    const valid = validate(value);
    expect(valid ? [] : ajv.errorsText(validate.errors, { separator: "\n" }).split("\n")).toEqual([]);
  });
});
