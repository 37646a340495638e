// Bounces: delivery stats, the bounce search, one bounce with its dump, and reactivation.
import type { Context, Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import { bounceTypes } from "../mail/index.js";
import { containsText, page, sameText } from "../paging.js";
import { unsuppress } from "../suppressions.js";
import { filterBound } from "../time.js";
import type { OperationId, Schemas } from "../types.js";

interface BounceQuery {
  count?: number;
  offset?: number;
  type?: string;
  inactive?: boolean;
  emailFilter?: string;
  tag?: string;
  messageID?: string;
  fromdate?: string;
  todate?: string;
  messagestream?: string;
}

function findBounce(context: Context): Schemas["Bounce"] {
  const id = Number(context.param("bounceid"));
  const bounce = context.server().bounces.find((entry) => entry.ID === id);
  return bounce ?? fail(422, 1001, `This bounce was not found: no bounce with ID ${context.param("bounceid")} on this server.`);
}

export const bounceHandlers: Partial<Record<OperationId, Handler>> = {
  getDeliveryStats: (context) => {
    const { bounces } = context.server();
    const counts = new Map<string, number>();
    for (const bounce of bounces) counts.set(bounce.Type, (counts.get(bounce.Type) ?? 0) + 1);
    const rows: Schemas["BounceTypeCount"][] = bounceTypes
      .filter((info) => counts.has(info.Type))
      .map((info) => ({ Type: info.Type, Name: info.Name, Count: counts.get(info.Type)! }));
    const inactive = new Set(bounces.filter((bounce) => bounce.Inactive).map((bounce) => bounce.Email.toLowerCase()));
    return { status: 200, body: { InactiveMails: inactive.size, Bounces: [{ Name: "All", Count: bounces.length }, ...rows] } satisfies Schemas["DeliveryStats"] };
  },

  listBounces: (context) => {
    const query = context.query<BounceQuery>();
    // Postmark needs count and offset unless the search is for one message's bounces.
    if (query.messageID === undefined && (query.count === undefined || query.offset === undefined)) {
      fail(422, 403, `Invalid request field(s) - ${query.count === undefined ? "count" : "offset"}: is required unless messageID is given.`);
    }
    const from = filterBound(query.fromdate, "from");
    const to = filterBound(query.todate, "to");
    const found: Schemas["Bounce"][] = [];
    const { bounces } = context.server();
    for (let i = bounces.length - 1; i >= 0; i--) {
      const bounce = bounces[i]!;
      const at = Date.parse(bounce.BouncedAt);
      if (!sameText(bounce.MessageStream, query.messagestream ?? "outbound")) continue;
      if (query.type && !sameText(bounce.Type, query.type)) continue;
      if (query.inactive !== undefined && bounce.Inactive !== query.inactive) continue;
      if (query.emailFilter && !containsText(bounce.Email, query.emailFilter)) continue;
      if (query.tag && !sameText(bounce.Tag, query.tag)) continue;
      if (query.messageID && !sameText(bounce.MessageID, query.messageID)) continue;
      if ((from !== undefined && at < from) || (to !== undefined && at > to)) continue;
      const { Content: _content, ...withoutContent } = bounce;
      found.push(withoutContent);
    }
    const { total, items } = page(found, { count: query.count ?? 500, offset: query.offset ?? 0 });
    return { status: 200, body: { TotalCount: total, Bounces: items } satisfies Schemas["BounceList"] };
  },

  getBounce: (context) => ({ status: 200, body: findBounce(context) }),

  getBounceDump: (context) => ({ status: 200, body: { Body: findBounce(context).Content ?? "" } satisfies Schemas["BounceDump"] }),

  activateBounce: (context) => {
    const bounce = findBounce(context);
    if (!bounce.CanActivate) fail(422, 1003, `This bounce cannot be activated: a ${bounce.Name.toLowerCase()} of ${bounce.Email} does not deactivate the address, or it can only be reactivated by Postmark's support.`);
    const server = context.server();
    // Reactivating one bounce reactivates the address: its other bounces are active again too.
    for (const other of server.bounces) {
      if (sameText(other.Email, bounce.Email) && sameText(other.MessageStream, bounce.MessageStream)) other.Inactive = false;
    }
    unsuppress(server, bounce.MessageStream, bounce.Email);
    return { status: 200, body: { Message: "OK", Bounce: bounce } satisfies Schemas["BounceActivation"] };
  },
};
