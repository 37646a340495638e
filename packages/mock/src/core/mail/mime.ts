import { isRuleError, parseRecipients, type AddressField } from "./addresses.js";
import {
  CRLF, displayName, headerLine, headerText, mimeParameter, quotedPrintableText, rfc5322Date, wrapBase64,
} from "./encoding.js";
import type { Mailbox, MessageAttachment, OutgoingMessage } from "./types.js";

export interface MimeOptions {
  /** Postmark's MessageID for the message (a UUID). */
  messageId: string;
  date: Date;
  /** The host part of the Message-ID header. */
  serverDomain?: string;
}

/** Postmark's delivery hosts name the Message-ID after their mail domain. */
const defaultServerDomain = "mtasv.net";

// Headers the message's own fields produce: a custom header of the same name would duplicate them.
const reservedHeaders = new Set([
  "from", "to", "cc", "bcc", "reply-to", "subject", "date", "mime-version", "content-type",
  "content-transfer-encoding", "x-pm-message-id", "x-pm-tag",
]);

interface Part {
  headers: [string, string][];
  body: string;
}

function mailboxText(mailbox: Mailbox): string {
  return mailbox.name ? `${displayName(mailbox.name)} <${mailbox.email}>` : mailbox.email;
}

/** An address header's value; the source keeps the text as given if it does not parse. */
function addressValue(field: AddressField, value: string): string {
  const parsed = parseRecipients(field, value);
  if (isRuleError(parsed)) return value;
  return parsed.map(mailboxText).join(", ");
}

function textPart(subtype: "plain" | "html", text: string): Part {
  return {
    headers: [
      ["Content-Type", `text/${subtype}; charset=utf-8`],
      ["Content-Transfer-Encoding", "quoted-printable"],
    ],
    body: quotedPrintableText(text),
  };
}

/** The Content-ID as a msg-id: "cid:" and angle brackets taken off what the request gave. */
function contentId(id: string): string {
  return id.replace(/^cid:/i, "").replace(/^<|>$/g, "");
}

function attachmentPart(attachment: MessageAttachment, inline: boolean): Part {
  const headers: [string, string][] = [
    ["Content-Type", `${attachment.ContentType}; ${mimeParameter("name", attachment.Name)}`],
    ["Content-Transfer-Encoding", "base64"],
    ["Content-Disposition", `${inline ? "inline" : "attachment"}; ${mimeParameter("filename", attachment.Name)}`],
  ];
  if (inline && attachment.ContentID) headers.push(["Content-ID", `<${contentId(attachment.ContentID)}>`]);
  return { headers, body: wrapBase64(attachment.Content) };
}

function multipart(subtype: string, boundary: string, parts: Part[]): Part {
  const body = parts.map((part) => `--${boundary}${CRLF}${serialise(part)}`).join(CRLF) + `${CRLF}--${boundary}--`;
  return { headers: [["Content-Type", `multipart/${subtype}; boundary="${boundary}"`]], body };
}

function serialise(part: Part): string {
  return part.headers.map(([name, value]) => headerLine(name, value)).join(CRLF) + CRLF + CRLF + part.body;
}

/**
 * The message body as a MIME tree: text and HTML as multipart/alternative, inline images
 * (attachments with a ContentID) beside it in multipart/related, other files in multipart/mixed.
 */
function bodyTree(message: OutgoingMessage, boundary: (n: number) => string): Part {
  const texts: Part[] = [];
  if (message.TextBody) texts.push(textPart("plain", message.TextBody));
  if (message.HtmlBody) texts.push(textPart("html", message.HtmlBody));
  if (texts.length === 0) texts.push(textPart("plain", ""));
  let tree = texts.length === 1 ? (texts[0] as Part) : multipart("alternative", boundary(1), texts);

  const attachments = message.Attachments ?? [];
  const inline = attachments.filter((attachment) => attachment.ContentID);
  const files = attachments.filter((attachment) => !attachment.ContentID);
  if (inline.length > 0) {
    tree = multipart("related", boundary(2), [tree, ...inline.map((attachment) => attachmentPart(attachment, true))]);
  }
  if (files.length > 0) {
    tree = multipart("mixed", boundary(3), [tree, ...files.map((attachment) => attachmentPart(attachment, false))]);
  }
  return tree;
}

/**
 * The RFC 5322 source of a message as Postmark delivers it: address headers from the parsed
 * fields (Bcc never appears), Postmark's X-PM-* headers, the request's own headers, and the body.
 * Line ends are CRLF throughout. A custom Message-ID header replaces the generated one.
 */
export function buildMimeSource(message: OutgoingMessage, options: MimeOptions): string {
  const custom = (message.Headers ?? []).filter((header) => !reservedHeaders.has(header.Name.trim().toLowerCase()));
  const customMessageId = custom.find((header) => header.Name.trim().toLowerCase() === "message-id");
  const headers: [string, string][] = [["From", addressValue("From", message.From)]];
  if (message.To) headers.push(["To", addressValue("To", message.To)]);
  if (message.Cc) headers.push(["Cc", addressValue("Cc", message.Cc)]);
  if (message.ReplyTo) headers.push(["Reply-To", addressValue("Reply-To", message.ReplyTo)]);
  headers.push(["Subject", headerText(message.Subject ?? "")]);
  headers.push(["Date", rfc5322Date(options.date)]);
  headers.push(["Message-ID", customMessageId?.Value ?? `<${options.messageId}@${options.serverDomain ?? defaultServerDomain}>`]);
  headers.push(["X-PM-Message-Id", options.messageId]);
  if (message.Tag) headers.push(["X-PM-Tag", headerText(message.Tag)]);
  for (const [key, value] of Object.entries(message.Metadata ?? {})) headers.push([`X-PM-Metadata-${key}`, headerText(value)]);
  for (const header of custom) {
    if (header !== customMessageId) headers.push([header.Name.trim(), headerText(header.Value)]);
  }
  headers.push(["MIME-Version", "1.0"]);

  // Boundaries start with "=_": that cannot occur in quoted-printable or base64 text.
  const token = options.messageId.replace(/[^A-Za-z0-9-]/g, "").slice(0, 40);
  const tree = bodyTree(message, (n) => `=_pm_${n}_${token}`);
  return serialise({ headers: [...headers, ...tree.headers], body: tree.body }) + CRLF;
}
