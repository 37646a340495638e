// Server: the server a server token belongs to, read and edited through that token.
import type { Handlers } from "../handler.js";
import { editServer } from "../server-settings.js";

export const serverHandlers = {
  getCurrentServer: async (context) => ({ status: 200, body: (await context.server()).server }),
  editCurrentServer: async (context) => ({ status: 200, body: await editServer(context.tx, await context.server(), context.body) }),
} satisfies Partial<Handlers>;
