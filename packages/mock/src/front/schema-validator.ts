// The one JSON Schema validator set-up of the package: Ajv for JSON Schema 2020-12 (OpenAPI 3.1),
// with formats, the OpenAPI keywords it should let pass, and a document registered under a name so
// that compiled schemas can point into it with `<name>#/...`. The front (both APIs) and the
// answer checks use it; only the options differ (type coercion and defaults for parameters).
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface ValidatorOptions {
  /** coerce strings to the schema's types, as query and path values arrive */
  coerceTypes?: boolean;
  /** fill in the schemas' defaults */
  useDefaults?: boolean;
  /** keep the failing data and schema on each error, for explaining it */
  verbose?: boolean;
}

/** An Ajv with `document` registered as `name` (refer to it as `${name}#/components/...`). */
export function createSchemaValidator(document: object, name: string, options: ValidatorOptions = {}): Ajv2020 {
  // No check of the schemas against JSON Schema's meta-schema: the documents are OpenAPI files,
  // linted where they are written, and the check compiled the meta-schema once per instance, a
  // fifth of a second at every start.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, ...options });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "example" });
  ajv.addKeyword({ keyword: "x-enum-varnames" });
  ajv.addSchema(document, name);
  return ajv;
}

/** A copy of a schema whose local `$ref`s point into the document registered as `name`. */
export function pointInto(schema: unknown, name: string): unknown {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => (key === "$ref" && typeof value === "string" && value.startsWith("#") ? `${name}${value}` : value));
}
