// Servers: the account token's view of every server in the account. Any non-empty account token
// acts on the whole (single) account.
import { fail } from "../../front/errors.js";
import type { Context, Handler } from "../context.js";
import { containsText, page } from "../paging.js";
import { createServer, editServer, type CreateServerRequest, type EditServerRequest } from "../server-settings.js";
import { removeServer } from "../server-index.js";
import type { ServerState } from "../state.js";
import type { OperationId, Schemas } from "../types.js";

interface ListServersQuery {
  count: number;
  offset: number;
  name?: string;
}

/** The server with the ID in the path, or ErrorCode 601. */
function serverById(context: Context): ServerState {
  const id = context.param("serverid");
  return context.state.servers[id] ?? fail(422, 601, `No server with ID ${id} exists in this account.`);
}

function listServers(context: Context) {
  const query = context.query<ListServersQuery>();
  const all = Object.values(context.state.servers)
    .map((entry) => entry.server)
    .filter((server) => query.name === undefined || containsText(server.Name, query.name))
    .sort((a, b) => a.ID - b.ID);
  const { total, items } = page(all, query);
  const body: Schemas["ServerList"] = { TotalCount: total, Servers: items };
  return { status: 200, body };
}

function deleteServer(context: Context) {
  if (!context.settings.allowServerDeletion) fail(422, 604, "Deleting servers through the API is not enabled for this account.");
  const target = serverById(context);
  const id = target.server.ID;
  for (const [token, owner] of Object.entries(context.state.tokens)) if (owner === id) delete context.state.tokens[token];
  removeServer(context.state, id);
  const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: `Server ${id} removed.` };
  return { status: 200, body };
}

export const serversHandlers: Partial<Record<OperationId, Handler>> = {
  listServers,
  createServer: (context) => ({ status: 200, body: createServer(context, context.body<CreateServerRequest>()).server }),
  getServer: (context) => ({ status: 200, body: serverById(context).server }),
  editServer: (context) => ({ status: 200, body: editServer(context.state, serverById(context), context.body<EditServerRequest>()) }),
  deleteServer,
};
