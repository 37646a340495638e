// What every layer shares about one operation: the call that passed the front (typed by the
// spec's operations), and the answer a responder gives. The front makes calls, the core, the
// mock API and the static responder answer them, the adapters write the answers out.
import type { OperationId } from "./spec-types.js";

export interface Answer {
  status: number;
  /** a JSON body */
  body?: unknown;
  /** a JSON body already serialised, when known */
  payload?: string;
  /** a body of another media type, named by the `content-type` header */
  raw?: string | Uint8Array;
  /** a stream of server-sent events: `send` is called with each frame until the returned function is called */
  events?: (send: (frame: string) => void) => () => void;
  headers?: Record<string, string>;
}

/** A request that passed the front: what a responder answers. */
export interface OperationCall<Id extends string = OperationId> {
  operationId: Id;
  method: string;
  /** the request path with literal segments spelled as in the spec */
  path: string;
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string | undefined>;
  /** the token the operation takes ("none" for the mock's own API) and the one the request gave */
  tokenKind: "server" | "account" | "none";
  token: string;
  /** aborted when the client goes away before its answer (long polls stop waiting) */
  signal?: AbortSignal;
}

export type Responder<Id extends string = OperationId> = (call: OperationCall<Id>) => Answer | Promise<Answer>;
