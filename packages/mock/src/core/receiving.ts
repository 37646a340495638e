// Receiving mail: an inbound message arrives on the server's inbound stream, is checked against the
// server's inbound rules (a rule naming the sender's address or domain blocks it), is stored for the
// inbound search, and — unless blocked — gives rise to the event its webhook post is made from.
import type { EmulatorEvent } from "./events.js";
import { keepNewest, retention } from "./retention.js";
import type { InboundRecord, StoredAttachment } from "./store/collections.js";
import type { Transaction } from "./store/store.js";
import type { Schemas } from "./types.js";
import type { Work } from "./work.js";

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

/** The server that receives: its ID and inbound address. */
export interface Receiver {
  ID: number;
  InboundAddress?: string | null;
}

/** Stores a received message on the server's inbound stream and returns its record. */
export async function receiveInbound(work: Work, server: Receiver, init: InboundInit): Promise<InboundRecord> {
  const { now } = work;
  const [sender] = parseAddressList(init.From);
  const fromEmail = sender?.Email ?? init.From.trim();
  const toFull = init.ToFull ?? parseAddressList(init.To);
  const originalRecipient = init.OriginalRecipient ?? toFull[0]?.Email ?? server.InboundAddress ?? "";
  const rule = await blockingRule(work.tx, server.ID, fromEmail);
  const inboundStream = await inboundStreamOf(work.tx, server.ID);
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
    MessageID: init.MessageID ?? work.uuid(),
    Status: rule ? "Blocked" : "Processed",
    Attachments: (init.Attachments ?? []).map(({ Name, ContentType, ContentID, ContentLength }) => ({ Name, ContentType, ContentID: ContentID ?? "", ContentLength })),
    MessageStream: init.MessageStream ?? inboundStream,
    TextBody: init.TextBody ?? "",
    HtmlBody: init.HtmlBody ?? "",
    StrippedTextReply: init.StrippedTextReply ?? "",
    Headers: init.Headers ?? [
      { Name: "X-Spam-Status", Value: "No" },
      { Name: "X-Spam-Score", Value: "0" },
    ],
    BlockedReason: rule ? `Blocked by inbound rule for ${rule.Rule}` : "",
  };
  const record: InboundRecord = { serverId: server.ID, details, at: now.getTime(), attachments };
  await work.tx.inbound.put(record);
  await keepNewest(work.tx, "inbound", { scope: server.ID }, retention.inboundPerServer);
  if (!rule) work.emit(inboundEvent(record, inboundStream));
  return record;
}

/** The server's rule that blocks mail from this sender: one naming the address, or its domain. */
export async function blockingRule(tx: Transaction, serverId: number, fromEmail: string): Promise<Schemas["InboundRule"] | undefined> {
  const email = fromEmail.trim().toLowerCase();
  const domain = email.slice(email.lastIndexOf("@") + 1);
  const rules = (await tx.inboundRules.find({ scope: serverId, order: "oldest" })).map((record) => record.rule);
  return rules.find((rule) => {
    const blocked = rule.Rule.trim().toLowerCase();
    return blocked.includes("@") ? blocked === email : blocked === domain;
  });
}

/** The event (and webhook payload) a received message gives rise to when it is processed. */
export function inboundEvent(record: InboundRecord, inboundStream: string): EmulatorEvent {
  const { details } = record;
  const address = (entry: Schemas["InboundAddress"]): Address => ({ Email: entry.Email, Name: entry.Name ?? "", MailboxHash: entry.MailboxHash ?? "" });
  const payload: Payload = {
    From: details.From,
    MessageStream: details.MessageStream ?? inboundStream,
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
    Attachments: record.attachments.map((file, index) => ({
      Name: file.Name,
      Content: file.Content,
      ContentType: file.ContentType,
      ContentLength: details.Attachments[index]?.ContentLength ?? base64Length(file.Content),
      ...(file.ContentID ? { ContentID: file.ContentID } : {}),
    })),
  };
  return { type: "Inbound", serverId: record.serverId, messageStream: payload.MessageStream, messageId: details.MessageID, payload };
}

/** The ID of the server's inbound stream (every server has exactly one). */
export async function inboundStreamOf(tx: Transaction, serverId: number): Promise<string> {
  const [stream] = await tx.streams.find({ scope: serverId, where: { type: "Inbound" }, limit: 1 });
  return stream?.stream.ID ?? "inbound";
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
