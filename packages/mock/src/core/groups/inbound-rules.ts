// Inbound rules: senders (one address, or a whole domain) whose mail to this server is blocked.
import { fail } from "../../front/errors.js";
import { isDomainName, isEmailAddress } from "../address-rules.js";
import type { Context, Handler } from "../context.js";
import { page, sameText } from "../paging.js";
import type { OperationId, Schemas } from "../types.js";
import { refuseAtCap, retention } from "../retention.js";

interface ListQuery {
  count: number;
  offset: number;
}

function listInboundRules(context: Context) {
  const { total, items } = page(context.server().inboundRules, context.query<ListQuery>());
  const body: Schemas["InboundRuleList"] = { TotalCount: total, InboundRules: items };
  return { status: 200, body };
}

function createInboundRule(context: Context) {
  const server = context.server();
  const rule = context.body<Schemas["CreateInboundRuleRequest"]>().Rule.trim();
  if (rule === "") fail(422, 809, "The request holds no rule.");
  if (!isEmailAddress(rule) && !isDomainName(rule)) fail(422, 813, `'${rule}' is neither a valid email address nor a domain.`);
  if (server.inboundRules.some((existing) => sameText(existing.Rule, rule))) fail(422, 810, `A rule for '${rule}' already exists on this server.`);
  refuseAtCap(server.inboundRules.length, retention.inboundRulesPerServer, "inbound rules per server");
  const created: Schemas["InboundRule"] = { ID: context.nextId("inboundRule"), Rule: rule };
  server.inboundRules.push(created);
  return { status: 200, body: created };
}

function deleteInboundRule(context: Context) {
  const server = context.server();
  const id = Number(context.param("triggerid"));
  if (!server.inboundRules.some((rule) => rule.ID === id)) fail(422, 812, `No inbound rule with ID ${id} exists on this server.`);
  server.inboundRules = server.inboundRules.filter((rule) => rule.ID !== id);
  const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: `Rule ${id} removed.` };
  return { status: 200, body };
}

export const inboundRulesHandlers: Partial<Record<OperationId, Handler>> = {
  listInboundRules,
  createInboundRule,
  deleteInboundRule,
};
