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
  // Without quotes, comments or angle brackets, every comma separates two addresses.
  if (!/["(<]/.test(value)) return value.split(",").map((item) => item.trim()).filter((item) => item !== "");
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

// The forms nearly every address is written in: `local@domain`, `Name <local@domain>`,
// `"Name, with punctuation" <local@domain>` and `<local@domain>`, where the local part and the
// domain already keep to Postmark's patterns. For these the full RFC 5322 parser gives a known
// answer (the name's spaces collapsed, nothing else changed), so they skip it; anything else, and
// every address that would be refused, goes through the parser. A property test holds the two to
// the same answers.
const localPart = "[A-Za-z0-9!#$%&'*+\\-/=^_`{|}~]+(?:\\.[A-Za-z0-9!#$%&'*+\\-/=^_`{|}~]+)*";
const dottedDomain = "[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+";
/** an atom of a display name: RFC 5322 atext, or any character outside ASCII but whitespace (RFC 6532) */
const nameAtom = "(?:[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]|[^\\x00-\\x7f\\s])+";
/** the text of a quoted display name: qtext, or any character outside ASCII but whitespace */
const quotedText = "(?:[\\x21\\x23-\\x5b\\x5d-\\x7e]|[^\\x00-\\x7f\\s])+";
const plainAddress = new RegExp(`^${localPart}@${dottedDomain}$`);
const namedAddress = new RegExp(`^(?:(${nameAtom}(?: +${nameAtom})*)|"(${quotedText}(?: ${quotedText})*)")? *<(${localPart}@${dottedDomain})>$`);

/** An address in one of the common forms, as the full parser reads it; `undefined` for any other form. */
export function commonMailbox(item: string): Mailbox | undefined {
  if (plainAddress.test(item)) return { email: item };
  const named = namedAddress.exec(item);
  if (!named) return undefined;
  const email = named[3] as string;
  const name = named[1] === undefined ? named[2] : named[1].replace(/ +/g, " ");
  return name === undefined ? { email } : { name, email };
}

function parseItem(field: AddressField, item: string, whole: string): ItemResult {
  return commonMailbox(item) ?? parseItemFully(field, item, whole);
}

/** One list item through the full RFC 5322 parser and Postmark's patterns. */
export function parseItemFully(field: AddressField, item: string, whole: string): ItemResult {
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
