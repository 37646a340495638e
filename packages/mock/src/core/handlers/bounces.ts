// Bounces: delivery stats, the bounce search, one bounce with its dump, and reactivation.
import { fail } from "../../protocol/errors.js";
import type { HandlerContext, Handlers } from "../handler.js";
import { bounceTypes } from "../mail/index.js";
import { sameText } from "../paging.js";
import type { BounceRecord } from "../store/collections.js";
import type { Condition } from "../store/store.js";
import { unsuppress } from "../suppression-list.js";
import { filterBound } from "../time.js";
import type { Schemas } from "../types.js";

async function findBounce(context: HandlerContext<"getBounce" | "getBounceDump" | "activateBounce">): Promise<BounceRecord> {
  const id = context.pathParams.bounceid;
  const record = await context.tx.bounces.get(id);
  if (!record || record.serverId !== (await context.server()).server.ID) fail(422, 1001, `This bounce was not found: no bounce with ID ${id} on this server.`);
  return record;
}

export const bounceHandlers = {
  getDeliveryStats: async (context) => {
    const serverId = (await context.server()).server.ID;
    const bounces = (await context.tx.bounces.find({ scope: serverId })).map((record) => record.bounce);
    const counts = new Map<string, number>();
    for (const bounce of bounces) counts.set(bounce.Type, (counts.get(bounce.Type) ?? 0) + 1);
    const rows: Schemas["BounceTypeCount"][] = bounceTypes
      .filter((info) => counts.has(info.Type))
      .map((info) => ({ Type: info.Type, Name: info.Name, Count: counts.get(info.Type)! }));
    const inactive = new Set(bounces.filter((bounce) => bounce.Inactive).map((bounce) => bounce.Email.toLowerCase()));
    return { status: 200, body: { InactiveMails: inactive.size, Bounces: [{ Name: "All", Count: bounces.length }, ...rows] } satisfies Schemas["DeliveryStats"] };
  },

  listBounces: async (context) => {
    const { query } = context;
    // Postmark needs count and offset unless the search is for one message's bounces.
    if (query.messageID === undefined && (query.count === undefined || query.offset === undefined)) {
      fail(422, 403, `Invalid request field(s) - ${query.count === undefined ? "count" : "offset"}: is required unless messageID is given.`);
    }
    const where: Record<string, Condition> = { stream: query.messagestream ?? "outbound" };
    if (query.type) where["type"] = query.type;
    if (query.inactive !== undefined) where["inactive"] = query.inactive;
    if (query.emailFilter) where["email"] = { contains: query.emailFilter };
    if (query.tag) where["tag"] = query.tag;
    if (query.messageID) where["messageId"] = query.messageID;
    const found = await context.tx.bounces.page({
      scope: (await context.server()).server.ID,
      where,
      at: { from: filterBound(query.fromdate, "from"), to: filterBound(query.todate, "to") },
      offset: query.offset ?? 0,
      limit: query.count ?? 500,
    });
    const items = found.items.map(({ bounce }) => {
      const { Content: _content, ...withoutContent } = bounce;
      return withoutContent;
    });
    return { status: 200, body: { TotalCount: found.total, Bounces: items } satisfies Schemas["BounceList"] };
  },

  getBounce: async (context) => ({ status: 200, body: (await findBounce(context)).bounce }),

  getBounceDump: async (context) => ({ status: 200, body: { Body: (await findBounce(context)).bounce.Content ?? "" } satisfies Schemas["BounceDump"] }),

  activateBounce: async (context) => {
    const { bounce, serverId } = await findBounce(context);
    if (!bounce.CanActivate) fail(422, 1003, `This bounce cannot be activated: a ${bounce.Name.toLowerCase()} of ${bounce.Email} does not deactivate the address, or it can only be reactivated by Postmark's support.`);
    // Reactivating one bounce reactivates the address: its other bounces are active again too.
    let activated = bounce;
    for (const other of await context.tx.bounces.find({ scope: serverId, where: { email: bounce.Email } })) {
      if (!sameText(other.bounce.MessageStream, bounce.MessageStream)) continue;
      const updated = { ...other.bounce, Inactive: false };
      await context.tx.bounces.put({ ...other, bounce: updated });
      if (updated.ID === bounce.ID) activated = updated;
    }
    await unsuppress(context.tx, serverId, bounce.MessageStream ?? "outbound", bounce.Email);
    return { status: 200, body: { Message: "OK", Bounce: activated } satisfies Schemas["BounceActivation"] };
  },
} satisfies Partial<Handlers>;
