import { isRuleError, parseRecipients, type AddressField } from "./addresses.js";
import { invalidField, invalidRequest } from "./rule-errors.js";
import { forbiddenExtensions, limits } from "./limits.js";
import { utf8ByteLength } from "./encoding.js";
import type { Mailbox, MessageAttachment, OutgoingMessage, RuleError } from "./types.js";

export interface CheckOptions {
  /** "template" sends take their subject and bodies from the template, so those are not required. */
  kind: "email" | "template";
}

const byteLength = (text: string | undefined): number => (text === undefined ? 0 : utf8ByteLength(text));

/**
 * Whether attachment content is base64 that decodes (line breaks and spaces, as MIME folds it,
 * allowed). One pass over the text: a regular expression with a repeated group overflows the
 * stack on content of a few megabytes, well within Postmark's 10 MB.
 */
export function isBase64(content: string): boolean {
  let digits = 0;
  let padding = 0;
  for (let i = 0; i < content.length; i++) {
    const code = content.charCodeAt(i);
    if (code === 0x0d || code === 0x0a || code === 0x09 || code === 0x20) continue;
    if (code === 0x3d) {
      padding++;
      continue;
    }
    // A digit after padding, or more than two padding characters, is not base64.
    if (padding > 0 || !isBase64Digit(code)) return false;
    digits++;
  }
  if (padding > 2) return false;
  return padding === 0 ? digits % 4 === 0 : (digits + padding) % 4 === 0 && digits % 4 === 4 - padding;
}

function isBase64Digit(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2f;
}

/** The file extension Postmark judges an attachment by, lower-cased; "" when there is none. */
export function attachmentExtension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot + 1).trim().toLowerCase();
}

function approximateSize(message: OutgoingMessage): number {
  let size = byteLength(message.HtmlBody) + byteLength(message.TextBody) + byteLength(message.Subject);
  for (const attachment of message.Attachments ?? []) size += attachment.Content.length;
  return size;
}

/** A bound on approximateSize that needs no pass over the text: UTF-8 takes at most 3 bytes per UTF-16 unit. */
function sizeBound(message: OutgoingMessage): number {
  let size = 3 * ((message.HtmlBody?.length ?? 0) + (message.TextBody?.length ?? 0) + (message.Subject?.length ?? 0));
  for (const attachment of message.Attachments ?? []) size += attachment.Content.length;
  return size;
}

function checkSize(message: OutgoingMessage): RuleError | undefined {
  // The 10 MB limit is enforced in front of the API, so it answers 413 before any other rule.
  // Most messages are far below it: their bytes are counted only when the bound comes near.
  if (sizeBound(message) > limits.messageBytes && approximateSize(message) > limits.messageBytes) {
    return { status: 413, errorCode: 300, message: "The request body is too large. A single message may be at most 10 MB." };
  }
  return undefined;
}

function checkAttachmentContent(attachments: MessageAttachment[]): RuleError | undefined {
  // Content is bound as bytes: text that is not base64 fails binding, like any mistyped field.
  const index = attachments.findIndex((attachment) => !isBase64(attachment.Content));
  return index < 0 ? undefined : invalidField(`$.Attachments[${index}].Content`);
}

function checkFrom(from: string | undefined): RuleError | undefined {
  if (from === undefined || from.trim() === "") return invalidRequest("Invalid 'From' value.");
  const parsed = parseRecipients("From", from);
  if (isRuleError(parsed)) return parsed;
  if (parsed.length !== 1) return invalidRequest(`Invalid 'From' address: '${from}'.`);
  if (from.length > limits.fromLength) {
    return invalidRequest(`The 'From' field is limited to ${limits.fromLength} characters.`);
  }
  return undefined;
}

/** Parses To, Cc and Bcc, in that order, and applies the count rules to them together. */
export function checkRecipients(message: OutgoingMessage): RuleError | Record<"To" | "Cc" | "Bcc", Mailbox[]> {
  const fields = ["To", "Cc", "Bcc"] as const;
  const parsed: Record<"To" | "Cc" | "Bcc", Mailbox[]> = { To: [], Cc: [], Bcc: [] };
  for (const field of fields) {
    const result = parseRecipients(field, message[field]);
    if (isRuleError(result)) return result;
    parsed[field] = result;
  }
  const count = parsed.To.length + parsed.Cc.length + parsed.Bcc.length;
  if (count === 0) return invalidRequest("Zero recipients specified");
  if (count > limits.recipients) {
    return invalidRequest(`Maximum of ${limits.recipients} recipients allowed per email message.`);
  }
  return parsed;
}

function checkAddress(field: AddressField, value: string | undefined): RuleError | undefined {
  const parsed = parseRecipients(field, value);
  return isRuleError(parsed) ? parsed : undefined;
}

function checkBodies(message: OutgoingMessage, kind: CheckOptions["kind"]): RuleError | undefined {
  if (kind === "email" && !message.HtmlBody && !message.TextBody) {
    return invalidRequest("Provide either email TextBody or HtmlBody or both.");
  }
  for (const field of ["HtmlBody", "TextBody"] as const) {
    const body = message[field];
    // Counted only when it could be over: UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (body !== undefined && 3 * body.length > limits.bodyBytes && byteLength(body) > limits.bodyBytes) {
      return invalidRequest(`The '${field}' field is limited to 5 MB.`);
    }
  }
  return undefined;
}

function checkLengths(message: OutgoingMessage, kind: CheckOptions["kind"]): RuleError | undefined {
  if (kind === "email" && (message.Subject?.length ?? 0) > limits.subjectLength) {
    return invalidRequest(`The 'Subject' field is limited to ${limits.subjectLength} characters.`);
  }
  if ((message.Tag?.length ?? 0) > limits.tagLength) {
    return invalidRequest(`The 'Tag' field is limited to ${limits.tagLength} characters.`);
  }
  return undefined;
}

export function checkMetadata(metadata: Record<string, string> | undefined): RuleError | undefined {
  if (metadata === undefined) return undefined;
  const keys = Object.keys(metadata);
  if (keys.length > limits.metadataKeys) {
    return invalidRequest(`Invalid metadata content. A message may carry at most ${limits.metadataKeys} metadata fields.`);
  }
  const seen = new Set<string>();
  for (const key of keys) {
    const value = metadata[key] ?? "";
    if (key.trim() === "" || key.length > limits.metadataKeyLength || value.length > limits.metadataValueLength) {
      // The wording Postmark answers with, as recorded in client bug reports.
      return invalidRequest(
        `Invalid metadata content. Field names are limited to ${limits.metadataKeyLength} characters and field values are limited to ${limits.metadataValueLength} characters in length. The '${key}' field in your metadata content exceeds these limits.`,
      );
    }
    const folded = key.toLowerCase();
    if (seen.has(folded)) {
      return invalidRequest(`Invalid metadata content. The field name '${key}' is used more than once, without regard to case.`);
    }
    seen.add(folded);
  }
  return undefined;
}

// A header name is printable ASCII without a colon (RFC 5322 field-name).
const headerNamePattern = /^[\x21-\x39\x3b-\x7e]+$/;

function checkHeaders(message: OutgoingMessage): RuleError | undefined {
  for (const header of message.Headers ?? []) {
    if (!headerNamePattern.test(header.Name)) return invalidRequest(`Invalid header name: '${header.Name}'.`);
    if (/[\r\n]/.test(header.Value)) return invalidRequest(`Invalid value for header '${header.Name}'.`);
  }
  return undefined;
}

// A MIME type is type "/" subtype, both RFC 2045 tokens, optionally followed by parameters.
const contentTypePattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\s*;.*)?$/;
// Postmark requires Content-IDs of ASCII without spaces (RFC 2392), since June 2024.
const contentIdPattern = /^[\x21-\x7e]+$/;

function checkAttachments(attachments: MessageAttachment[]): RuleError | undefined {
  for (const attachment of attachments) {
    if (forbiddenExtensions.has(attachmentExtension(attachment.Name))) {
      return { status: 422, errorCode: 411, message: `Forbidden attachment type: '${attachment.Name}'.` };
    }
    if (!contentTypePattern.test(attachment.ContentType.trim())) {
      return invalidRequest(`Invalid ContentType '${attachment.ContentType}' for attachment '${attachment.Name}'.`);
    }
    if (attachment.ContentID !== undefined && attachment.ContentID !== "" && !contentIdPattern.test(attachment.ContentID)) {
      return invalidRequest(`Invalid ContentID '${attachment.ContentID}' for attachment '${attachment.Name}'.`);
    }
  }
  return undefined;
}

/**
 * Applies Postmark's sending rules to one message and answers the first one it breaks, in the
 * order Postmark applies them: size at the door, field binding, sender, recipients, Reply-To,
 * bodies, lengths, metadata, headers, attachments. Streams and senders are state: checked elsewhere.
 */
export function checkMessage(message: OutgoingMessage, options: CheckOptions): RuleError | undefined {
  const checked = checkMessageRecipients(message, options);
  return isRuleError(checked) ? checked : undefined;
}

/** checkMessage, answering the recipients it parsed (To, Cc, Bcc) when the message passes. */
export function checkMessageRecipients(message: OutgoingMessage, options: CheckOptions): RuleError | Record<"To" | "Cc" | "Bcc", Mailbox[]> {
  const attachments = message.Attachments ?? [];
  const before = checkSize(message) ?? checkAttachmentContent(attachments) ?? checkFrom(message.From);
  if (before) return before;
  const recipients = checkRecipients(message);
  if (isRuleError(recipients)) return recipients;
  const after =
    checkAddress("Reply-To", message.ReplyTo) ??
    checkBodies(message, options.kind) ??
    checkLengths(message, options.kind) ??
    checkMetadata(message.Metadata) ??
    checkHeaders(message) ??
    checkAttachments(attachments);
  return after ?? recipients;
}
