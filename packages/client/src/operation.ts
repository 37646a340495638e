// What a named method and an operation function share: the init and result types of every
// operation, and an answer that is not a success thrown as a PostmarkError. The operation functions
// (`sendEmail(client, init)`, generated into generated/operation-functions.ts) are made here.
import { coreCall, type CallInit, type Operation, type PostmarkCore } from "./core.js";
import { createPostmarkError } from "./errors.js";
import type { OperationId, OperationSignatures, TokenOption } from "./generated/operations.js";
import type { Middleware } from "./middleware.js";
import { parseRetryAfter } from "./retry.js";

/** Per-call extras of a named method. */
export interface NamedCallOptions {
  /**
   * Retry this call on 429, 500, 503 and network errors even though it is a POST or PATCH. Only
   * for calls that are safe to repeat: a retried send can deliver the same email twice.
   */
  retry?: boolean;
}

/** What every call may add to its params and body: openapi-fetch's other init fields. */
export interface CommonInit {
  headers?: Record<string, string | undefined> | Headers | [string, string][];
  signal?: AbortSignal | null;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
  /** Middleware for this call only, run after the client's own. */
  middleware?: Middleware[];
}

/** The init object of a named method: openapi-fetch's `{ params, body, signal, headers }`. */
export type OperationInit<K extends OperationId> = OperationSignatures[K]["init"] & CommonInit & NamedCallOptions;

/** What a named method resolves to: the operation's typed success body. */
export type OperationResult<K extends OperationId> = OperationSignatures[K]["result"];

/** The init is optional when the operation has no required parameter or body. */
export type InitArgs<K extends OperationId> = OperationSignatures[K]["initRequired"] extends true ? [init: OperationInit<K>] : [init?: OperationInit<K>];

/** An operation as a function of its own: `sendEmail(client, init)`. */
export type OperationFunction<K extends OperationId> = (client: PostmarkCore, ...init: InitArgs<K>) => Promise<OperationResult<K>>;

/** Calls an operation and resolves to its success body, or throws the PostmarkError for its answer. */
export async function callOperation(client: PostmarkCore, operation: Operation, init: CallInit = {}): Promise<unknown> {
  const call = client?.[coreCall];
  if (!call) throw new TypeError(`${operation.operationId} needs a client as its first argument`);
  const { data, error, response } = await call(operation, init);
  if (error !== undefined || !response.ok) {
    throw createPostmarkError(operation, response.status, error, response.headers.get("content-type"), parseRetryAfter(response.headers.get("retry-after")));
  }
  return data;
}

/** The function of one operation; `withParams` is `pathWithParams` when it has path or query parameters. */
export function operation<K extends OperationId>(operationId: K, method: string, path: string, token: TokenOption, withParams?: Operation["withParams"]): OperationFunction<K> {
  const described: Operation = { operationId, method, path, token, withParams };
  return ((client: PostmarkCore, init?: CallInit) => callOperation(client, described, init)) as unknown as OperationFunction<K>;
}
