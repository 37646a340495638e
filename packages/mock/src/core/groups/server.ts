// Server: the server a server token belongs to, read and edited through that token.
import type { Handler } from "../context.js";
import { editServer, type EditServerRequest } from "../server-settings.js";
import type { OperationId } from "../types.js";

export const serverHandlers: Partial<Record<OperationId, Handler>> = {
  getCurrentServer: (context) => ({ status: 200, body: context.server().server }),
  editCurrentServer: (context) => ({ status: 200, body: editServer(context.state, context.server(), context.body<EditServerRequest>()) }),
};
