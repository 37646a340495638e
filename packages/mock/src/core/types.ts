// The emulator's records are typed with the spec's own generated types, so a field renamed in the
// spec breaks the emulator's build instead of drifting silently.
export type { OperationId, Schemas } from "../protocol/spec-types.js";
