// What every layer shares about one operation: the call that passed the front (typed by the
// spec's operations), and the answer a responder gives. The front makes calls, the core and the
// static responder answer them, the adapters write the answers out.
import type { OperationId } from "./spec-types.js";

export interface Answer {
  status: number;
  body?: unknown;
  /** the body already serialised, when known */
  payload?: string;
  headers?: Record<string, string>;
}

/** A request that passed the front: what a responder answers. */
export interface OperationCall {
  operationId: OperationId;
  method: string;
  /** the request path with literal segments spelled as in the spec */
  path: string;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string | undefined>;
  tokenKind: "server" | "account";
  token: string;
}

export type Responder = (call: OperationCall) => Answer | Promise<Answer>;
