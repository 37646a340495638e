// Sent messages as the mock API shows them: found across every server, filtered, summarised, and
// handed out whole (details, raw source, HTML part, attachments).
import type { StoredMessage } from "../core/emulator.js";
import { decodeBase64 } from "../core/mail/encoding.js";
import type { MessageSearch } from "../core/sent-messages.js";
import type { WebhookDelivery } from "../webhooks/index.js";
import type { MockApiSchemas } from "./types.js";

type Summary = MockApiSchemas["CapturedMessageSummary"];
type Captured = MockApiSchemas["CapturedMessage"];

/** The list's filters as the mock API takes them in its query. */
export interface MessageFilter {
  q?: string;
  recipient?: string;
  from?: string;
  subject?: string;
  tag?: string;
  stream?: string;
  server?: number;
}

/** The mock API's filters as a search of sent messages: the parts of fields they match, without regard to case. */
export function searchOf(filter: MessageFilter): MessageSearch {
  const part = (text: string | undefined) => (text === undefined ? undefined : text.trim());
  const search: MessageSearch = {};
  if (filter.server !== undefined) search.server = filter.server;
  if (filter.recipient !== undefined) search.recipientOrName = part(filter.recipient)!;
  if (filter.from !== undefined) search.from = part(filter.from)!;
  if (filter.subject !== undefined) search.subject = part(filter.subject)!;
  if (filter.tag !== undefined) search.tag = part(filter.tag)!;
  if (filter.stream !== undefined) search.stream = part(filter.stream)!;
  if (filter.q !== undefined) search.text = filter.q;
  return search;
}

export function summarise(message: StoredMessage): Summary {
  const { details } = message;
  const recipient = (entry: { Email: string; Name?: string | null }) => ({ Email: entry.Email, Name: entry.Name ?? null });
  return {
    MessageID: details.MessageID,
    ServerID: message.serverId,
    ServerName: message.serverName,
    MessageStream: details.MessageStream,
    From: details.From,
    To: details.To.map(recipient),
    Cc: details.Cc.map(recipient),
    Bcc: details.Bcc.map(recipient),
    Subject: details.Subject,
    Tag: details.Tag ?? null,
    ReceivedAt: new Date(message.at).toISOString(),
    HasHtml: Boolean(details.HtmlBody),
    HasText: Boolean(details.TextBody),
    AttachmentCount: message.attachments.length,
    LastEvent: details.MessageEvents.at(-1)?.Type ?? null,
  };
}

/** A captured message with the webhook posts made for it (from the delivery log replicas share, when they do). */
export function describeMessage(message: StoredMessage, deliveries: WebhookDelivery[]): Captured {
  const { details } = message;
  return {
    ...summarise(message),
    HtmlBody: details.HtmlBody ?? null,
    TextBody: details.TextBody ?? null,
    Headers: sourceHeaders(details.Body ?? ""),
    Metadata: details.Metadata ?? {},
    TrackOpens: details.TrackOpens,
    TrackLinks: details.TrackLinks,
    Attachments: message.attachments.map((attachment, index) => ({
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
    WebhookDeliveries: deliveries,
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

/** A Content-Disposition that names the file for every browser, non-ASCII names included. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
