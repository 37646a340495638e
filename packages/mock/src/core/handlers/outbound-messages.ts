// Sent messages: the outbound search with Postmark's filters, one message's details with its
// events, and its raw source.
import { fail } from "../../protocol/errors.js";
import type { HandlerContext, Handlers } from "../handler.js";
import { findStoredMessage, searchMessages, withEvents } from "../sent-messages.js";
import type { OutboundRecord } from "../store/collections.js";
import { filterBound } from "../time.js";
import type { Schemas } from "../types.js";

/** The search's answer leaves out the bodies and events that the details add. */
export function summaryOf(details: OutboundRecord["details"]): Schemas["OutboundMessage"] {
  const { TextBody: _text, HtmlBody: _html, Body: _body, ...summary } = details;
  return summary;
}

async function findMessage(context: HandlerContext<"getOutboundMessageDetails" | "getOutboundMessageDump">): Promise<OutboundRecord> {
  const id = context.pathParams.messageid;
  const record = await findStoredMessage(context.tx, id, (await context.server()).server.ID);
  return record ?? fail(422, 701, "This message was not found.");
}

export const outboundMessageHandlers = {
  listOutboundMessages: async (context) => {
    const { query } = context;
    // `metadata_<key>=<value>` filters: the front passes query names it does not know as sent.
    const metadata = Object.entries(query as Record<string, unknown>)
      .filter(([name]) => name.toLowerCase().startsWith("metadata_"))
      .map(([name, value]) => [name.slice("metadata_".length), String(value)] as const);
    const found = await searchMessages(
      context.tx,
      {
        server: (await context.server()).server.ID,
        stream: query.messagestream ?? "outbound",
        ...(query.recipient ? { recipient: query.recipient } : {}),
        ...(query.fromemail ? { from: query.fromemail } : {}),
        ...(query.tag ? { tag: query.tag } : {}),
        ...(query.subject ? { subject: query.subject } : {}),
        ...(query.status ? { status: query.status } : {}),
        metadata,
        fromTime: filterBound(query.fromdate, "from"),
        toTime: filterBound(query.todate, "to"),
      },
      { offset: query.offset, limit: query.count },
    );
    return { status: 200, body: { TotalCount: found.total, Messages: found.items.map((record) => summaryOf(record.details)) } satisfies Schemas["OutboundMessageList"] };
  },

  getOutboundMessageDetails: async (context) => ({ status: 200, body: (await withEvents(context.tx, await findMessage(context))).details }),

  getOutboundMessageDump: async (context) => ({ status: 200, body: { Body: (await findMessage(context)).details.Body ?? "" } satisfies Schemas["OutboundMessageDump"] }),
} satisfies Partial<Handlers>;
