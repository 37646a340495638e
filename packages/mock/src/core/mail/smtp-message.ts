// A message handed over SMTP, read the way Postmark's SMTP service reads it: the MIME message
// becomes the fields of an API send (From, To, Cc, Bcc, Reply-To, Subject, bodies, attachments,
// custom headers), Postmark's X-PM-* headers become its options, and the source is kept as it came
// for the dump, with what Postmark changes on the way out. The common shapes are read by
// `common-mime.ts`, the rest by postal-mime (neither needs Node built-ins), with the same result.
import PostalMime, { decodeWords, type Address, type Header } from "postal-mime";
import { addressKey } from "./addresses.js";
import { parseCommonMime, type ParsedMail } from "./common-mime.js";
import { headerText } from "./encoding.js";
import type { MessageAttachment, MessageHeader, OutgoingMessage, TrackLinksMode } from "./types.js";

/** Who the SMTP transaction named: `MAIL FROM` and every `RCPT TO`. */
export interface SmtpEnvelope {
  from: string;
  to: readonly string[];
}

/** What an SMTP message asks of Postmark, besides the fields of a send. */
export interface SmtpOptions {
  /** `X-PM-Message-Stream`: the stream to send through, for a login with a server token */
  stream: string | undefined;
  /** `X-PM-KeepID: true`: the message keeps its own Message-ID header */
  keepId: boolean;
}

export interface SmtpMessage {
  /** the message as a send through the API would give it */
  message: OutgoingMessage;
  options: SmtpOptions;
  /** the message as it came, read as UTF-8 */
  source: string;
  /** the envelope's recipients (`RCPT TO`) */
  envelope: readonly string[];
}

/** Postmark's headers that set options of the send; they are not delivered. */
const controlHeaders = new Set(["x-pm-tag", "x-pm-message-stream", "x-pm-trackopens", "x-pm-tracklinks", "x-pm-keepid", "x-pm-message-id"]);
const metadataPrefix = "x-pm-metadata-";

/** Headers that become fields of the send, or that describe the MIME structure, rather than custom headers. */
const fieldHeaders = new Set([
  "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version", "received", "return-path",
  "content-type", "content-transfer-encoding", "content-disposition", "content-id", "content-description",
]);

const trackLinksModes: Record<string, TrackLinksMode> = { none: "None", htmlandtext: "HtmlAndText", htmlonly: "HtmlOnly", textonly: "TextOnly" };

/** Reads an SMTP message: the send it asks for, its options and its source. */
export async function readSmtpMessage(raw: Uint8Array, envelope: SmtpEnvelope): Promise<SmtpMessage> {
  const email: ParsedMail = parseCommonMime(raw) ?? (await PostalMime.parse(raw, { attachmentEncoding: "base64" }));
  const value = (name: string) => {
    const found = email.headers.find((header) => header.key === name);
    return found === undefined ? undefined : decodeWords(found.value).trim();
  };
  const message: OutgoingMessage = { From: senderOf(email, envelope), ...recipientsOf(email, envelope) };
  const replyTo = mailboxes(email.replyTo);
  if (replyTo.length > 0) message.ReplyTo = replyTo.map(mailboxText).join(", ");
  if (email.subject !== undefined) message.Subject = email.subject;
  if (email.text !== undefined) message.TextBody = email.text;
  if (email.html !== undefined) message.HtmlBody = email.html;
  const tag = value("x-pm-tag");
  if (tag) message.Tag = tag;
  const metadata = metadataOf(email.headers);
  if (Object.keys(metadata).length > 0) message.Metadata = metadata;
  const trackOpens = value("x-pm-trackopens")?.toLowerCase();
  if (trackOpens === "true" || trackOpens === "false") message.TrackOpens = trackOpens === "true";
  const trackLinks = trackLinksModes[value("x-pm-tracklinks")?.toLowerCase() ?? ""];
  if (trackLinks) message.TrackLinks = trackLinks;
  const headers = customHeaders(email.headers);
  if (headers.length > 0) message.Headers = headers;
  const attachments = email.attachments.map(attachmentOf);
  if (attachments.length > 0) message.Attachments = attachments;
  return {
    message,
    options: { stream: value("x-pm-message-stream") || undefined, keepId: value("x-pm-keepid")?.toLowerCase() === "true" },
    source: new TextDecoder().decode(raw),
    envelope: envelope.to,
  };
}

/** The From header's mailbox; without one, the envelope's sender. */
function senderOf(email: ParsedMail, envelope: SmtpEnvelope): string {
  const [from] = mailboxes(email.from ? [email.from] : []);
  return from ? mailboxText(from) : envelope.from;
}

/**
 * The recipients Postmark delivers to are the envelope's. Those named in the To and Cc headers keep
 * their field and display name; the others are blind copies (Bcc), as an SMTP client sends them.
 * Addresses in the headers that the envelope leaves out are shown in the message but not sent to.
 */
function recipientsOf(email: ParsedMail, envelope: SmtpEnvelope): Pick<OutgoingMessage, "To" | "Cc" | "Bcc"> {
  const remaining = new Map(envelope.to.map((address) => [addressKey(address), address]));
  const take = (list: Address[] | undefined) =>
    mailboxes(list).filter((mailbox) => remaining.delete(addressKey(mailbox.address))).map(mailboxText);
  const to = take(email.to);
  const cc = take(email.cc);
  const bcc = [...remaining.values()];
  return {
    ...(to.length > 0 ? { To: to.join(", ") } : {}),
    ...(cc.length > 0 ? { Cc: cc.join(", ") } : {}),
    ...(bcc.length > 0 ? { Bcc: bcc.join(", ") } : {}),
  };
}

function mailboxes(list: Address[] | undefined): { name: string; address: string }[] {
  return (list ?? []).flatMap((entry) => (entry.group ? entry.group : [entry])).filter((mailbox) => mailbox.address);
}

/** `Name <address>`, the name quoted when it holds characters RFC 5322 reserves. */
export function mailboxText(mailbox: { name: string; address: string }): string {
  const name = mailbox.name.trim();
  if (name === "") return mailbox.address;
  const shown = /[()<>[\]:;@\\,."]/.test(name) ? `"${name.replace(/[\\"]/g, "\\$&")}"` : name;
  return `${shown} <${mailbox.address}>`;
}

/**
 * `X-PM-Metadata-<key>: <value>` headers as metadata, the key as written. Postmark's custom
 * metadata FAQ: over SMTP, a key given again is kept with an incremental number appended; keys
 * compare without regard to case, as the API's uniqueness rule has them.
 */
function metadataOf(headers: Header[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  const used = new Set<string>();
  for (const header of headers) {
    if (!header.key.startsWith(metadataPrefix)) continue;
    const key = header.originalKey.slice(metadataPrefix.length).trim();
    if (key === "") continue;
    let unique = key;
    for (let n = 1; used.has(unique.toLowerCase()); n++) unique = `${key}${n}`;
    used.add(unique.toLowerCase());
    Object.defineProperty(metadata, unique, { value: decodeWords(header.value).trim(), enumerable: true, writable: true, configurable: true });
  }
  return metadata;
}

/** Headers a send carries as its own (`Headers`): all but the fields, the MIME structure and Postmark's options. */
function customHeaders(headers: Header[]): MessageHeader[] {
  return headers
    .filter((header) => !fieldHeaders.has(header.key) && !controlHeaders.has(header.key) && !header.key.startsWith(metadataPrefix))
    .map((header) => ({ Name: header.originalKey, Value: decodeWords(header.value).trim() }));
}

function attachmentOf(file: ParsedMail["attachments"][number], index: number): MessageAttachment {
  const contentId = file.contentId?.replace(/^<|>$/g, "");
  const inline = Boolean(contentId) && (file.related === true || file.disposition === "inline");
  return {
    Name: file.filename ?? `attachment-${index + 1}`,
    Content: typeof file.content === "string" ? file.content : "",
    ContentType: file.mimeType,
    ...(inline ? { ContentID: contentId } : {}),
  };
}

export interface DeliveredSourceOptions {
  messageId: string;
  keepId: boolean;
  tag: string | undefined;
  metadata: Record<string, string> | undefined;
  /** the host part of a Message-ID Postmark makes */
  serverDomain?: string;
}

/** Header lines, folded continuations and all, that Postmark does not pass on. */
const droppedHeaders = (name: string, keepId: boolean) =>
  name === "bcc" || controlHeaders.has(name) || name.startsWith(metadataPrefix) || (name === "message-id" && !keepId);

/**
 * The source Postmark delivers for an SMTP message: its own header block and body as they came,
 * without Bcc and Postmark's option headers, with Postmark's Message-ID (unless `X-PM-KeepID`
 * kept the message's own), `X-PM-Message-Id`, and the tag and metadata as the API's sends carry them.
 */
export function deliveredSource(source: string, options: DeliveredSourceOptions): string {
  const blank = /\r?\n\r?\n/.exec(source);
  const headerBlock = blank ? source.slice(0, blank.index) : source;
  const rest = blank ? source.slice(blank.index) : "\r\n\r\n";
  const newline = /\r\n/.test(source) ? "\r\n" : "\n";
  const lines = headerBlock.split(/\r?\n/);
  const kept: string[] = [];
  let dropping = false;
  let hasMessageId = false;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    const name = line.slice(0, Math.max(0, line.indexOf(":"))).trim().toLowerCase();
    dropping = droppedHeaders(name, options.keepId);
    if (name === "message-id" && !dropping) hasMessageId = true;
    if (!dropping) kept.push(line);
  }
  const added: string[] = [];
  if (!hasMessageId) added.push(`Message-ID: <${options.messageId}@${options.serverDomain ?? "mtasv.net"}>`);
  added.push(`X-PM-Message-Id: ${options.messageId}`);
  if (options.tag) added.push(`X-PM-Tag: ${headerText(options.tag)}`);
  for (const [key, value] of Object.entries(options.metadata ?? {})) added.push(`X-PM-Metadata-${key}: ${headerText(value)}`);
  return [...added, ...kept.filter((line) => line !== "")].join(newline).replace(/\r?\n/g, newline) + rest;
}
