import type { RuleError } from "./types.js";

/** ErrorCode 300 ("Invalid email request"), answered with HTTP 422. */
export function invalidRequest(message: string): RuleError {
  return { status: 422, errorCode: 300, message };
}

/**
 * ErrorCode 403: a field that could not be bound. Since the stricter request validation of
 * November 2023 Postmark names the field as a JSON path ("Invalid request field(s): $.Metadata").
 */
export function invalidField(path: string): RuleError {
  return { status: 422, errorCode: 403, message: `Invalid request field(s): ${path}` };
}
