// Receiving mail: an inbound message arrives on the server's inbound stream, is checked against the
// server's inbound rules (a rule naming the sender's address or domain blocks it), is stored for the
// inbound search, and — unless blocked — gives rise to the event its webhook post is made from.
import type { EmulatorEvent } from "./events.js";
import type { InboundRecord, ServerState, StoredAttachment } from "./state.js";
import type { Schemas } from "./types.js";
import { keepNewest, retention } from "./retention.js";

type Address = Schemas["InboundWebhookAddress"];
type Payload = Schemas["InboundWebhookPayload"];

/**
 * A received message, as Postmark's inbound webhook describes it. Only `From` and `To` are needed;
 * what is left out is derived (parsed addresses, mailbox hash, date) or empty.
 */
export type InboundInit = Partial<Omit<Payload, "Attachments">> & {
  From: string;
  To: string;
  Attachments?: Payload["Attachments"];
};

/** What receiving needs: the server that receives, the moment, ids, and where events go. */
export interface InboundServices {
  server: ServerState;
  now: Date;
  uuid(): string;
  emit?(event: EmulatorEvent): void;
}

/** Stores a received message on the server's inbound stream and returns its record. */
export function receiveInbound(services: InboundServices, init: InboundInit): InboundRecord {
  const { server, now } = services;
  const [sender] = parseAddressList(init.From);
  const fromEmail = sender?.Email ?? init.From.trim();
  const toFull = init.ToFull ?? parseAddressList(init.To);
  const originalRecipient = init.OriginalRecipient ?? toFull[0]?.Email ?? server.server.InboundAddress;
  const rule = blockingRule(server, fromEmail);
  const attachments: StoredAttachment[] = (init.Attachments ?? []).map(({ Name, Content, ContentType, ContentID }) => ({
    Name,
    // The payload schema leaves Content optional (the dashboard's check post lacks it); a stored file always has bytes.
    Content: Content ?? "",
    ContentType,
    ...(ContentID ? { ContentID } : {}),
  }));
  const details: Schemas["InboundMessageDetails"] = {
    From: fromEmail,
    FromName: init.FromName ?? sender?.Name ?? "",
    FromFull: init.FromFull ?? { Email: fromEmail, Name: init.FromName ?? sender?.Name ?? "", MailboxHash: mailboxHash(fromEmail) },
    To: init.To,
    ToFull: toFull,
    Cc: init.Cc ?? "",
    CcFull: init.CcFull ?? parseAddressList(init.Cc ?? ""),
    Bcc: init.Bcc ?? "",
    BccFull: init.BccFull ?? parseAddressList(init.Bcc ?? ""),
    ReplyTo: init.ReplyTo ?? "",
    OriginalRecipient: originalRecipient,
    Subject: init.Subject ?? "",
    Date: init.Date ?? rfc5322Date(now),
    MailboxHash: init.MailboxHash ?? mailboxHash(originalRecipient),
    Tag: init.Tag ?? "",
    MessageID: init.MessageID ?? services.uuid(),
    Status: rule ? "Blocked" : "Processed",
    Attachments: (init.Attachments ?? []).map(({ Name, ContentType, ContentID, ContentLength }) => ({ Name, ContentType, ContentID: ContentID ?? "", ContentLength })),
    MessageStream: init.MessageStream ?? inboundStreamOf(server),
    TextBody: init.TextBody ?? "",
    HtmlBody: init.HtmlBody ?? "",
    StrippedTextReply: init.StrippedTextReply ?? "",
    Headers: init.Headers ?? [
      { Name: "X-Spam-Status", Value: "No" },
      { Name: "X-Spam-Score", Value: "0" },
    ],
    BlockedReason: rule ? `Blocked by inbound rule for ${rule.Rule}` : "",
  };
  const record: InboundRecord = { details, at: now.getTime(), attachments };
  server.inbound.push(record);
  keepNewest(server.inbound, retention.inboundPerServer);
  if (!rule) services.emit?.(inboundEvent(server, record));
  return record;
}

/** The server's rule that blocks mail from this sender: one naming the address, or its domain. */
export function blockingRule(server: ServerState, fromEmail: string): Schemas["InboundRule"] | undefined {
  const email = fromEmail.trim().toLowerCase();
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return server.inboundRules.find((rule) => {
    const blocked = rule.Rule.trim().toLowerCase();
    return blocked.includes("@") ? blocked === email : blocked === domain;
  });
}

/** The event (and webhook payload) a received message gives rise to when it is processed. */
export function inboundEvent(server: ServerState, record: InboundRecord): EmulatorEvent {
  const { details } = record;
  const address = (entry: Schemas["InboundAddress"]): Address => ({ Email: entry.Email, Name: entry.Name ?? "", MailboxHash: entry.MailboxHash ?? "" });
  const payload: Payload = {
    From: details.From,
    MessageStream: details.MessageStream ?? inboundStreamOf(server),
    FromName: details.FromName,
    FromFull: address(details.FromFull),
    To: details.To,
    ToFull: details.ToFull.map(address),
    Cc: details.Cc ?? "",
    CcFull: (details.CcFull ?? []).map(address),
    Bcc: details.Bcc ?? "",
    BccFull: (details.BccFull ?? []).map(address),
    OriginalRecipient: details.OriginalRecipient,
    Subject: details.Subject,
    MessageID: details.MessageID,
    ReplyTo: details.ReplyTo ?? "",
    MailboxHash: details.MailboxHash ?? "",
    Date: details.Date,
    TextBody: details.TextBody ?? "",
    HtmlBody: details.HtmlBody ?? "",
    StrippedTextReply: details.StrippedTextReply ?? "",
    Tag: details.Tag ?? "",
    Headers: details.Headers,
    Attachments: (record.attachments ?? []).map((file, index) => ({
      Name: file.Name,
      Content: file.Content,
      ContentType: file.ContentType,
      ContentLength: details.Attachments[index]?.ContentLength ?? base64Length(file.Content),
      ...(file.ContentID ? { ContentID: file.ContentID } : {}),
    })),
  };
  return { type: "Inbound", serverId: server.server.ID, messageStream: payload.MessageStream, messageId: details.MessageID, payload };
}

/** The ID of the server's inbound stream (every server has exactly one). */
function inboundStreamOf(server: ServerState): string {
  return server.streams.find((stream) => stream.MessageStreamType === "Inbound")?.ID ?? "inbound";
}

/** The part of an address's local part after `+`, or "" when there is none. */
export function mailboxHash(email: string): string {
  const local = email.slice(0, Math.max(0, email.lastIndexOf("@")));
  const plus = local.indexOf("+");
  return plus < 0 ? "" : local.slice(plus + 1);
}

/**
 * Splits an address header (`Jane <jane@example.org>, "Doe, John" <john@example.org>, a@b.c`) into
 * addresses. Commas inside quotes or angle brackets do not separate addresses.
 */
export function parseAddressList(header: string): Address[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  let angled = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === "<") angled = true;
    else if (!quoted && char === ">") angled = false;
    if (char === "," && !quoted && !angled) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const angle = /^(.*)<([^<>]*)>\s*$/.exec(part);
      const email = (angle ? angle[2]! : part).trim();
      const name = angle ? angle[1]!.trim().replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1") : "";
      return { Email: email, Name: name, MailboxHash: mailboxHash(email) };
    });
}

const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A `Date` header for a message that came without one, in UTC. */
function rfc5322Date(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${weekdays[date.getUTCDay()]}, ${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** The decoded size of base64 content. */
function base64Length(content: string): number {
  const clean = content.replace(/\s/g, "");
  const padding = clean.endsWith("==") ? 2 : clean.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}
