// The mock API's schemas and operations, as generated from api/openapi.yaml.
import type { MockApiContracts } from "../protocol/spec-types.js";

export type { MockApiSchemas } from "../protocol/spec-types.js";
export type MockApiOperationId = keyof MockApiContracts;
