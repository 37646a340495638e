// The contract of the emulator's handlers, from the spec: for every operationId, a handler given
// the bound request (typed path parameters, query, body, headers) and a unit of work, answering
// with one of the operation's documented answers. The table of handlers is checked against it
// with `satisfies`, so an operation added to the spec fails the build until it has a handler here
// or is named as answered with the spec's documented examples.
import type { BoundRequest, DocumentedAnswer } from "../protocol/contract.js";
import type { OperationContracts, OperationId } from "../protocol/spec-types.js";
import type { ServerRecord } from "./store/collections.js";
import type { Work } from "./work.js";

/** What every handler gets besides its request: the unit of work and the call's token. */
export interface CallWork extends Work {
  /** which token the operation takes, and the one the request gave */
  tokenKind: "server" | "account";
  token: string;
  /** whether the call uses the `POSTMARK_API_TEST` server token: everything is checked, nothing kept */
  isTestToken: boolean;
  /** the server the call's server token belongs to, created on its first use */
  server(): Promise<ServerRecord>;
}

export interface HandlerContext<Id extends OperationId> extends CallWork, BoundRequest<OperationContracts[Id]> {
  operationId: Id;
}

export type Handler<Id extends OperationId> = (context: HandlerContext<Id>) => Promise<DocumentedAnswer<OperationContracts[Id]>>;

/** Names an operation the emulator answers with the spec's documented examples instead of a handler. */
export const answeredWithExamples = Symbol("answered with the spec's documented examples");

export type Handlers = { [Id in OperationId]: Handler<Id> | typeof answeredWithExamples };

/** The operations of one API group (the spec's tag). */
export type OperationsTagged<Tag extends string> = { [Id in OperationId]: OperationContracts[Id]["tag"] extends Tag ? Id : never }[OperationId];
