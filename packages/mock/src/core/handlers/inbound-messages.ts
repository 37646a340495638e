// Inbound messages: search the mail the server received, read one message, let a blocked message
// through, and retry one whose webhook posts failed.
import { fail } from "../../protocol/errors.js";
import type { HandlerContext, Handlers } from "../handler.js";
import { inboundEvent, inboundStreamOf } from "../receiving.js";
import type { InboundRecord } from "../store/collections.js";
import type { Condition } from "../store/store.js";
import { filterBound } from "../time.js";
import type { Schemas } from "../types.js";

/** A received message as the search lists it: without bodies, headers or the blocking reason. */
function listed(details: Schemas["InboundMessageDetails"]): Schemas["InboundMessage"] {
  const { TextBody: _text, HtmlBody: _html, StrippedTextReply: _reply, Headers: _headers, BlockedReason: _reason, ...message } = details;
  return message;
}

async function find(context: HandlerContext<"getInboundMessageDetails" | "bypassInboundMessage" | "retryInboundMessage">): Promise<InboundRecord | undefined> {
  const record = await context.tx.inbound.get(context.pathParams.messageid.toLowerCase());
  return record && record.serverId === (await context.server()).server.ID ? record : undefined;
}

/** Changes a received message's status and posts it to the inbound webhook again. */
async function repost(context: HandlerContext<"bypassInboundMessage" | "retryInboundMessage">, record: InboundRecord, change: Partial<Schemas["InboundMessageDetails"]>): Promise<void> {
  const updated: InboundRecord = { ...record, details: { ...record.details, ...change } };
  await context.tx.inbound.put(updated);
  context.emit(inboundEvent(updated, await inboundStreamOf(context.tx, record.serverId)));
}

export const inboundMessageHandlers = {
  listInboundMessages: async (context) => {
    const { query } = context;
    const where: Record<string, Condition> = {};
    if (query.recipient !== undefined) where["recipientAddress"] = query.recipient;
    if (query.fromemail !== undefined) where["from"] = query.fromemail;
    if (query.subject !== undefined) where["subject"] = { contains: query.subject };
    if (query.mailboxhash !== undefined) where["mailboxHash"] = query.mailboxhash;
    if (query.tag !== undefined) where["tag"] = query.tag;
    if (query.status !== undefined) where["status"] = query.status;
    const found = await context.tx.inbound.page({
      scope: (await context.server()).server.ID,
      where,
      at: { from: filterBound(query.fromdate, "from"), to: filterBound(query.todate, "to") },
      offset: query.offset ?? 0,
      limit: query.count ?? 500,
    });
    return { status: 200, body: { TotalCount: found.total, InboundMessages: found.items.map((record) => listed(record.details)) } };
  },

  getInboundMessageDetails: async (context) => {
    const record = (await find(context)) ?? fail(422, 701, "This message was not found.");
    return { status: 200, body: record.details };
  },

  bypassInboundMessage: async (context) => {
    const record = (await find(context)) ?? fail(422, 701, "This message was not found or cannot be bypassed.");
    if (record.details.Status !== "Blocked") fail(422, 702, `Message ${record.details.MessageID} is not blocked (its status is ${record.details.Status}), so there is nothing to bypass.`);
    await repost(context, record, { Status: "Processed", BlockedReason: "" });
    return { status: 200, body: { ErrorCode: 0, Message: `Successfully bypassed message: ${record.details.MessageID}` } };
  },

  retryInboundMessage: async (context) => {
    const record = (await find(context)) ?? fail(422, 701, "This message was not found or cannot be retried.");
    if (record.details.Status !== "Failed") fail(422, 703, `Message ${record.details.MessageID} has not failed (its status is ${record.details.Status}), so it cannot be retried.`);
    // Postmark schedules another webhook post; the event is what that post is made from.
    await repost(context, record, { Status: "Scheduled" });
    return { status: 200, body: { ErrorCode: 0, Message: `Successfully rescheduled failed message: ${record.details.MessageID}` } };
  },
} satisfies Partial<Handlers>;
