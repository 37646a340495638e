// Servers: the account token's view of every server in the account. Any non-empty account token
// acts on the whole (single) account.
import { deleteServerRecord, requireServer } from "../account.js";
import { fail } from "../../protocol/errors.js";
import type { Handlers } from "../handler.js";
import { createServer, editServer } from "../server-settings.js";
import type { Schemas } from "../types.js";

export const serversHandlers = {
  listServers: async (context) => {
    const { query } = context;
    const found = await context.tx.servers.page({
      ...(query.name === undefined ? {} : { where: { name: { contains: query.name } } }),
      order: "oldest",
      offset: query.offset,
      limit: query.count,
    });
    const body: Schemas["ServerList"] = { TotalCount: found.total, Servers: found.items.map((record) => record.server) };
    return { status: 200, body };
  },

  createServer: async (context) => ({ status: 200, body: (await createServer(context, context.body)).server }),

  getServer: async (context) => ({ status: 200, body: (await requireServer(context.tx, context.pathParams.serverid)).server }),

  editServer: async (context) => ({ status: 200, body: await editServer(context.tx, await requireServer(context.tx, context.pathParams.serverid), context.body) }),

  deleteServer: async (context) => {
    if (!context.settings.allowServerDeletion) fail(422, 604, "Deleting servers through the API is not enabled for this account.");
    const { server } = await requireServer(context.tx, context.pathParams.serverid);
    await deleteServerRecord(context.tx, server.ID);
    const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: `Server ${server.ID} removed.` };
    return { status: 200, body };
  },
} satisfies Partial<Handlers>;
