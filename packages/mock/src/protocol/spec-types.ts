// The spec's types, generated once by the client's generator and shared: the schemas every record
// and answer is typed with, and each operation's contract (parameters, body, documented answers).
import type { components, OperationContracts } from "@postmark-openapi/client";

export type { OperationContracts };
export type Schemas = components["schemas"];
export type OperationId = keyof OperationContracts;
