// Sent messages as the mock API shows them: found across every server, filtered, summarised, and
// handed out whole (details, raw source, HTML part, attachments).
import { lastIndexWhere } from "../core/paging.js";
import { PostmarkError } from "../front/errors.js";
import type { OutboundRecord, ServerState, State } from "../core/state.js";
import type { DeliveryLog } from "./delivery-log.js";
import type { MockApiSchemas } from "./types.js";

type Summary = MockApiSchemas["CapturedMessageSummary"];
type Captured = MockApiSchemas["CapturedMessage"];

export interface Located {
  server: ServerState;
  record: OutboundRecord;
  index: number;
}

export interface MessageFilter {
  q?: string;
  recipient?: string;
  from?: string;
  subject?: string;
  tag?: string;
  stream?: string;
  server?: number;
}

/** ErrorCode 701: Postmark's "message doesn't exist". */
export const messageNotFound = 701;

export function findMessage(state: State, messageId: string): Located | undefined {
  const wanted = messageId.trim().toLowerCase();
  for (const server of Object.values(state.servers)) {
    const index = lastIndexWhere(server.outbound, (record) => record.details.MessageID.toLowerCase() === wanted);
    if (index >= 0) return { server, record: server.outbound[index]!, index };
  }
  return undefined;
}

export function requireMessage(state: State, messageId: string): Located {
  const found = findMessage(state, messageId);
  if (!found) throw new PostmarkError(404, messageNotFound, `No sent message has the MessageID ${messageId}.`);
  return found;
}

/** Every server's messages that pass the filter, newest first. */
export function listMessages(state: State, filter: MessageFilter): Located[] {
  return storedNewestFirst(state, filter.server, (record) => matches(record, filter));
}

/**
 * The sent messages of every server (or of one), newest first, that pass `keep`. Among messages
 * of the same millisecond, the one stored later comes first; records carry no finer order across
 * servers.
 */
export function storedNewestFirst(state: State, serverId: number | undefined, keep: (record: OutboundRecord) => boolean = () => true): Located[] {
  const found: Located[] = [];
  for (const server of Object.values(state.servers)) {
    if (serverId !== undefined && server.server.ID !== serverId) continue;
    server.outbound.forEach((record, index) => {
      if (keep(record)) found.push({ server, record, index });
    });
  }
  return found.sort((a, b) => b.record.at - a.record.at || b.index - a.index);
}

function matches({ details }: OutboundRecord, filter: MessageFilter): boolean {
  const contains = (text: string | null | undefined, part: string | undefined) => part === undefined || (text ?? "").toLowerCase().includes(part.trim().toLowerCase());
  // Only the filters that read the recipients pay for joining them.
  const recipients = filter.recipient === undefined && filter.q === undefined ? "" : [...details.To, ...details.Cc, ...details.Bcc].map((recipient) => `${recipient.Name ?? ""} <${recipient.Email}>`).join(", ");
  if (!contains(recipients, filter.recipient)) return false;
  if (!contains(details.From, filter.from)) return false;
  if (!contains(details.Subject, filter.subject)) return false;
  if (filter.tag !== undefined && (details.Tag ?? "").toLowerCase() !== filter.tag.trim().toLowerCase()) return false;
  if (filter.stream !== undefined && details.MessageStream.toLowerCase() !== filter.stream.trim().toLowerCase()) return false;
  if (filter.q !== undefined && ![details.From, recipients, details.Subject, details.Tag ?? ""].some((field) => contains(field, filter.q))) return false;
  return true;
}

export function summarise({ server, record }: Located): Summary {
  const { details } = record;
  const recipient = (entry: { Email: string; Name?: string | null }) => ({ Email: entry.Email, Name: entry.Name ?? null });
  return {
    MessageID: details.MessageID,
    ServerID: server.server.ID,
    ServerName: server.server.Name,
    MessageStream: details.MessageStream,
    From: details.From,
    To: details.To.map(recipient),
    Cc: details.Cc.map(recipient),
    Bcc: details.Bcc.map(recipient),
    Subject: details.Subject,
    Tag: details.Tag ?? null,
    ReceivedAt: new Date(record.at).toISOString(),
    HasHtml: Boolean(details.HtmlBody),
    HasText: Boolean(details.TextBody),
    AttachmentCount: record.attachments.length,
    LastEvent: details.MessageEvents.at(-1)?.Type ?? null,
  };
}

export function describeMessage(located: Located, deliveries: DeliveryLog): Captured {
  const { record } = located;
  const { details } = record;
  return {
    ...summarise(located),
    HtmlBody: details.HtmlBody ?? null,
    TextBody: details.TextBody ?? null,
    Headers: sourceHeaders(record.details.Body ?? ""),
    Metadata: details.Metadata ?? {},
    TrackOpens: details.TrackOpens,
    TrackLinks: details.TrackLinks,
    Attachments: record.attachments.map((attachment, index) => ({
      Index: index,
      Name: attachment.Name,
      ContentType: attachment.ContentType,
      ContentID: attachment.ContentID ?? null,
      Size: decodeBase64(attachment.Content).length,
    })),
    Events: details.MessageEvents.map((event) => ({
      Recipient: event.Recipient,
      Type: event.Type,
      ReceivedAt: isoTime(event.ReceivedAt),
      ...(event.Details ? { Details: event.Details as Record<string, unknown> } : {}),
    })),
    WebhookDeliveries: deliveries.list({ messageId: details.MessageID }),
  };
}

/** The header fields of an RFC 5322 source, unfolded, in order. */
export function sourceHeaders(source: string): { Name: string; Value: string }[] {
  const end = source.search(/\r?\n\r?\n/);
  const block = end < 0 ? source : source.slice(0, end);
  const headers: { Name: string; Value: string }[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) last.Value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(":");
      if (colon > 0) headers.push({ Name: line.slice(0, colon).trim(), Value: line.slice(colon + 1).trim() });
    }
  }
  return headers;
}

/**
 * The policy the HTML part is served under: nothing runs, nothing is fetched from elsewhere
 * (images only inline, unless remote content is allowed), forms go nowhere, and the page gets a
 * sandbox of its own, so a message can neither script the inbox nor tell its sender it was seen.
 */
export function htmlPolicy(remote: boolean): string {
  const elsewhere = remote ? " https: http:" : "";
  return [
    "default-src 'none'",
    `img-src data: cid:${elsewhere}`,
    `style-src 'unsafe-inline'${elsewhere}`,
    `font-src data:${elsewhere}`,
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-popups allow-popups-to-escape-sandbox",
  ].join("; ");
}

/** Turns Postmark's timestamp (Eastern time with an offset) into ISO 8601 UTC; anything unreadable stays as it is. */
function isoTime(timestamp: string): string {
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? timestamp : new Date(time).toISOString();
}

export function decodeBase64(content: string): Uint8Array {
  const binary = atob(content.replace(/\s/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A Content-Disposition that names the file for every browser, non-ASCII names included. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
