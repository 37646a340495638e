// Inbound rules: senders (one address, or a whole domain) whose mail to this server is blocked.
import { fail } from "../../protocol/errors.js";
import { isDomainName, isEmailAddress } from "../address-rules.js";
import type { Handlers } from "../handler.js";
import { refuseAtCap, retention } from "../retention.js";
import type { Schemas } from "../types.js";

export const inboundRulesHandlers = {
  listInboundRules: async (context) => {
    const found = await context.tx.inboundRules.page({ scope: (await context.server()).server.ID, order: "oldest", offset: context.query.offset, limit: context.query.count });
    const body: Schemas["InboundRuleList"] = { TotalCount: found.total, InboundRules: found.items.map((record) => record.rule) };
    return { status: 200, body };
  },

  createInboundRule: async (context) => {
    const serverId = (await context.server()).server.ID;
    const rule = context.body.Rule.trim();
    if (rule === "") fail(422, 809, "The request holds no rule.");
    if (!isEmailAddress(rule) && !isDomainName(rule)) fail(422, 813, `'${rule}' is neither a valid email address nor a domain.`);
    refuseAtCap(await context.tx.inboundRules.count({ scope: serverId }), retention.inboundRulesPerServer, "inbound rules per server");
    if ((await context.tx.inboundRules.count({ scope: serverId, where: { rule } })) > 0) fail(422, 810, `A rule for '${rule}' already exists on this server.`);
    const created: Schemas["InboundRule"] = { ID: await context.nextId("inboundRule"), Rule: rule };
    await context.tx.inboundRules.put({ serverId, rule: created });
    return { status: 200, body: created };
  },

  deleteInboundRule: async (context) => {
    const serverId = (await context.server()).server.ID;
    const id = context.pathParams.triggerid;
    const record = await context.tx.inboundRules.get(id);
    if (!record || record.serverId !== serverId) fail(422, 812, `No inbound rule with ID ${id} exists on this server.`);
    await context.tx.inboundRules.delete(id);
    const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: `Rule ${id} removed.` };
    return { status: 200, body };
  },
} satisfies Partial<Handlers>;
