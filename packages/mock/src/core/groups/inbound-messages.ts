// Inbound messages: search the mail the server received, read one message, let a blocked message
// through, and retry one whose webhook posts failed.
import type { Context, Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import { inboundEvent } from "../inbound.js";
import { containsText, page, sameText } from "../paging.js";
import type { InboundRecord } from "../state.js";
import { filterBound } from "../time.js";
import type { OperationId, Schemas } from "../types.js";

interface InboundQuery {
  count?: number;
  offset?: number;
  recipient?: string;
  fromemail?: string;
  subject?: string;
  mailboxhash?: string;
  tag?: string;
  status?: string;
  fromdate?: string;
  todate?: string;
}

function matcher(query: InboundQuery): (record: InboundRecord) => boolean {
  const from = filterBound(query.fromdate, "from");
  const to = filterBound(query.todate, "to");
  return ({ details, at }) => {
    const addresses = [...details.ToFull, ...(details.CcFull ?? []), ...(details.BccFull ?? [])].map((address) => address.Email);
    return (
      (query.recipient === undefined || [...addresses, details.OriginalRecipient].some((email) => sameText(email, query.recipient))) &&
      (query.fromemail === undefined || sameText(details.From, query.fromemail)) &&
      (query.subject === undefined || containsText(details.Subject, query.subject)) &&
      (query.mailboxhash === undefined || sameText(details.MailboxHash, query.mailboxhash)) &&
      (query.tag === undefined || sameText(details.Tag, query.tag)) &&
      (query.status === undefined || sameText(details.Status, query.status)) &&
      (from === undefined || at >= from) &&
      (to === undefined || at <= to)
    );
  };
}

/** A received message as the search lists it: without bodies, headers or the blocking reason. */
function listed(details: Schemas["InboundMessageDetails"]): Schemas["InboundMessage"] {
  const { TextBody: _text, HtmlBody: _html, StrippedTextReply: _reply, Headers: _headers, BlockedReason: _reason, ...message } = details;
  return message;
}

function newestFirst(records: readonly InboundRecord[]): InboundRecord[] {
  return records
    .map((record, index) => ({ record, index }))
    .sort((a, b) => b.record.at - a.record.at || b.index - a.index)
    .map(({ record }) => record);
}

function find(context: Context): InboundRecord | undefined {
  const id = context.param("messageid").toLowerCase();
  return context.server().inbound.find((record) => record.details.MessageID.toLowerCase() === id);
}

export const inboundMessageHandlers: Partial<Record<OperationId, Handler>> = {
  listInboundMessages: (context) => {
    const query = context.query<InboundQuery>();
    const matching = newestFirst(context.server().inbound.filter(matcher(query)));
    const { total, items } = page(matching, query);
    return { status: 200, body: { TotalCount: total, InboundMessages: items.map((record) => listed(record.details)) } };
  },

  getInboundMessageDetails: (context) => {
    const record = find(context) ?? fail(422, 701, "This message was not found.");
    return { status: 200, body: record.details };
  },

  bypassInboundMessage: (context) => {
    const record = find(context) ?? fail(422, 701, "This message was not found or cannot be bypassed.");
    if (record.details.Status !== "Blocked") fail(422, 702, `Message ${record.details.MessageID} is not blocked (its status is ${record.details.Status}), so there is nothing to bypass.`);
    record.details.Status = "Processed";
    record.details.BlockedReason = "";
    const server = context.server();
    context.emit(inboundEvent(server, record));
    return { status: 200, body: { ErrorCode: 0, Message: `Successfully bypassed message: ${record.details.MessageID}` } };
  },

  retryInboundMessage: (context) => {
    const record = find(context) ?? fail(422, 701, "This message was not found or cannot be retried.");
    if (record.details.Status !== "Failed") fail(422, 703, `Message ${record.details.MessageID} has not failed (its status is ${record.details.Status}), so it cannot be retried.`);
    // Postmark schedules another webhook post; the event below is what that post is made from.
    record.details.Status = "Scheduled";
    context.emit(inboundEvent(context.server(), record));
    return { status: 200, body: { ErrorCode: 0, Message: `Successfully rescheduled failed message: ${record.details.MessageID}` } };
  },
};
