// The spec's types, generated once by the client's generator and shared: the schemas every record
// and answer is typed with, and each operation's contract (parameters, body, documented answers).
import type { components, OperationContracts } from "@postmark-openapi/client";

export type { OperationContracts };
export type Schemas = components["schemas"];
export type OperationId = keyof OperationContracts;

// The mock's own API, generated from api/openapi.yaml.
export type { MockApiContracts } from "../generated/mock-api-contract.js";
import type { components as MockApiComponents } from "../generated/mock-api-types.js";
export type MockApiSchemas = MockApiComponents["schemas"];
