// The mock API's schemas and operations, as generated from api/openapi.yaml.
import type { components, operations } from "../generated/mock-api.js";

export type MockApiSchemas = components["schemas"];
export type MockApiOperationId = keyof operations;
