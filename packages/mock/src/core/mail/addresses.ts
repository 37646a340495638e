import emailAddresses from "email-addresses";
import { invalidRequest } from "./rule-errors.js";
import type { Mailbox, RuleError } from "./types.js";

/** The label Postmark puts in its address errors for each field ("Error parsing 'Reply-To': …"). */
export type AddressField = "From" | "To" | "Cc" | "Bcc" | "Reply-To";

// Postmark publishes the patterns its back end checks each part of an address against
// (support article "What does Error Code 300 mean?"); the local part is matched without case.
const mailboxPattern = /^[a-z0-9.!#$%&'`*+\-/=^_{}|~]+$/i;
const domainPattern = /^((\.)?[a-zA-Z0-9-])+$/;

/**
 * Splits an address list at the commas that separate addresses: a comma inside a quoted
 * display name, an angle-bracket address or a comment belongs to that address.
 */
export function splitAddressList(value: string): string[] {
  const items: string[] = [];
  let current = "";
  let quoted = false;
  let angle = 0;
  let comment = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    if (quoted && char === "\\" && i + 1 < value.length) {
      current += char + (value[++i] as string);
      continue;
    }
    if (char === '"' && comment === 0) quoted = !quoted;
    else if (!quoted && char === "(") comment++;
    else if (!quoted && char === ")" && comment > 0) comment--;
    else if (!quoted && comment === 0 && char === "<") angle++;
    else if (!quoted && comment === 0 && char === ">" && angle > 0) angle--;
    else if (char === "," && !quoted && angle === 0 && comment === 0) {
      items.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** The address part of one list item: inside the angle brackets when there are any. */
function addressPart(item: string): string {
  const open = item.lastIndexOf("<");
  const close = item.lastIndexOf(">");
  return open >= 0 && close > open ? item.slice(open + 1, close).trim() : item;
}

/** The display name as written, with quoted strings and comments taken out. */
function unquotedName(item: string): string {
  const open = item.lastIndexOf("<");
  if (open < 0) return "";
  return item
    .slice(0, open)
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\((?:[^()\\]|\\.)*\)/g, "");
}

// RFC 5322 "specials" that may not stand unquoted in a display name. The parser accepts a
// period there (an obsolete form), Postmark does not: names with punctuation must be quoted.
const unquotedPunctuation = /[.,:;@[\]\\<>]/;

type ItemResult = Mailbox | RuleError;

function parseItem(field: AddressField, item: string, whole: string): ItemResult {
  const address = addressPart(item);
  const at = address.lastIndexOf("@");
  if (at < 0) {
    return invalidRequest(`Error parsing '${field}': Illegal email address '${address}'. It must contain the '@' symbol.`);
  }
  const parsed = emailAddresses.parseOneAddress({ input: item, rfc6532: true });
  if (parsed === null || parsed.type !== "mailbox" || unquotedPunctuation.test(unquotedName(item))) {
    return invalidRequest(`Invalid '${field}' address: '${whole}'.`);
  }
  const { local, domain } = parsed;
  if (!domainPattern.test(domain)) {
    return invalidRequest(`Error parsing '${field}': Illegal email domain '${domain}' in address '${parsed.address}'.`);
  }
  if (!mailboxPattern.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")) {
    return invalidRequest(`Error parsing '${field}': Illegal email mailbox '${local}' in address '${parsed.address}'.`);
  }
  // A domain of one label ("localhost") parses, but is not an address Postmark delivers to.
  if (!domain.includes(".") || domain.startsWith(".") || domain.endsWith(".")) {
    return invalidRequest(`Invalid '${field}' address: '${whole}'.`);
  }
  const name = parsed.name?.trim();
  return name ? { name, email: parsed.address } : { email: parsed.address };
}

export function isRuleError(value: unknown): value is RuleError {
  return typeof value === "object" && value !== null && "errorCode" in value;
}

/**
 * Parses a comma-separated address field the way Postmark does. An empty or absent field gives
 * no addresses; the first address Postmark would refuse gives its ErrorCode 300 answer.
 */
export function parseRecipients(field: AddressField, value: string | undefined): Mailbox[] | RuleError {
  if (value === undefined) return [];
  const mailboxes: Mailbox[] = [];
  for (const item of splitAddressList(value)) {
    const result = parseItem(field, item, value);
    if (isRuleError(result)) return result;
    mailboxes.push(result);
  }
  return mailboxes;
}

/** Addresses compare without regard to case, as Postmark matches inactive and suppressed ones. */
export function addressKey(email: string): string {
  return email.trim().toLowerCase();
}

export function sameAddress(a: string, b: string): boolean {
  return addressKey(a) === addressKey(b);
}
