// Sent messages: the outbound search with Postmark's filters, one message's details with its
// events, and its raw source.
import type { Context, Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import { containsText, lastIndexWhere, page, sameText } from "../paging.js";
import type { OutboundRecord } from "../state.js";
import { filterBound } from "../time.js";
import type { OperationId, Schemas } from "../types.js";

interface OutboundQuery {
  count: number;
  offset: number;
  recipient?: string;
  fromemail?: string;
  tag?: string;
  status?: string;
  subject?: string;
  fromdate?: string;
  todate?: string;
  messagestream?: string;
  [metadata: `metadata_${string}`]: unknown;
}

/** The search's answer leaves out the bodies and events that the details add. */
export function summaryOf(details: Schemas["OutboundMessageDetails"]): Schemas["OutboundMessage"] {
  const { TextBody: _text, HtmlBody: _html, Body: _body, MessageEvents: _events, ...summary } = details;
  return summary;
}

function matches(record: OutboundRecord, query: OutboundQuery, stream: string, recipient: string | undefined, metadata: [string, string][], from: number | undefined, to: number | undefined): boolean {
  const { details } = record;
  // Stream IDs are stored as created (lower case); the comparison without case is the rare path.
  if (details.MessageStream !== stream && !sameText(details.MessageStream, stream)) return false;
  if (from !== undefined && record.at < from) return false;
  if (to !== undefined && record.at > to) return false;
  if (recipient && !details.Recipients.some((address) => address.toLowerCase().includes(recipient))) return false;
  if (query.fromemail && !containsText(details.From, query.fromemail)) return false;
  if (query.tag && !sameText(details.Tag, query.tag)) return false;
  if (query.subject && !containsText(details.Subject, query.subject)) return false;
  if (query.status && !sameText(details.Status, query.status)) return false;
  return metadata.every(([key, value]) => Object.entries(details.Metadata ?? {}).some(([name, stored]) => sameText(name, key) && sameText(stored, value)));
}

function findMessage(context: Context): OutboundRecord {
  const id = context.param("messageid").toLowerCase();
  const { outbound } = context.server();
  const record = outbound[lastIndexWhere(outbound, (entry) => entry.details.MessageID.toLowerCase() === id)];
  return record ?? fail(422, 701, `This message was not found: no sent message with ID '${context.param("messageid")}' on this server.`);
}

export const outboundMessageHandlers: Partial<Record<OperationId, Handler>> = {
  listOutboundMessages: (context) => {
    const query = context.query<OutboundQuery>();
    const metadata = Object.entries(query)
      .filter(([name]) => name.toLowerCase().startsWith("metadata_"))
      .map(([name, value]): [string, string] => [name.slice("metadata_".length), String(value)]);
    const from = filterBound(query.fromdate, "from");
    const to = filterBound(query.todate, "to");
    const stream = query.messagestream ?? "outbound";
    const recipient = query.recipient?.toLowerCase();
    const found: OutboundRecord[] = [];
    const { outbound } = context.server();
    // Newest first, walking back from the end so large stores answer without sorting; only the
    // page asked for is turned into answers.
    for (let i = outbound.length - 1; i >= 0; i--) if (matches(outbound[i]!, query, stream, recipient, metadata, from, to)) found.push(outbound[i]!);
    const { total, items } = page(found, query);
    return { status: 200, body: { TotalCount: total, Messages: items.map((record) => summaryOf(record.details)) } satisfies Schemas["OutboundMessageList"] };
  },

  getOutboundMessageDetails: (context) => ({ status: 200, body: findMessage(context).details }),

  getOutboundMessageDump: (context) => ({ status: 200, body: { Body: findMessage(context).details.Body ?? "" } satisfies Schemas["OutboundMessageDump"] }),
};
