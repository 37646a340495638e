// The emulator's records are typed with the spec's own generated types, so a field renamed in the
// spec breaks the emulator's build instead of drifting silently.
import type { components, operations } from "../generated/postmark.js";

export type Schemas = components["schemas"];
export type OperationId = keyof operations;
