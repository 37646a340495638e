// Server: the server a server token belongs to, read and edited through that token.
import type { Handler } from "../context.js";
import type { OperationId, Schemas } from "../types.js";

export const serverHandlers: Partial<Record<OperationId, Handler>> = {
  getCurrentServer: (context) => ({ status: 200, body: context.server().server }),
};

export type { Schemas };
