// The messages the emulator accepted, as the programmatic API, the test helpers and the MSW
// handlers hand them out: each one's stored details, filtered by what tests ask about, newest first.
// Portable: it asks the emulator and imports nothing from Node.
import type { Emulator } from "./core/emulator.js";
import type { Schemas } from "./core/types.js";

/** A sent message: the details Postmark's message API returns for it, and the server that sent it. */
export type SentMessage = Schemas["OutboundMessageDetails"] & { ServerID: number };

/** A text to compare with, or a pattern to test. */
export type TextMatcher = string | RegExp;

export interface SentMessageFilter {
  /** a recipient (To, Cc or Bcc): a string is an address, compared without regard to case; a RegExp is tested against each recipient as `Name <address>` and as the address alone */
  to?: TextMatcher;
  /** the sender: a string is its address (case ignored) or the whole From as sent; a RegExp is tested against the whole From */
  from?: TextMatcher;
  /** the subject: a string must equal it; a RegExp is tested against it */
  subject?: TextMatcher;
  /** the tag: a string must equal it; a RegExp is tested against it */
  tag?: TextMatcher;
  /** the message stream's ID, such as `outbound` */
  stream?: string;
  /** the server: its ID, or one of its server tokens */
  server?: number | string;
  /** a server token: the same as `server` given a token */
  token?: string;
}

/** One criterion of a filter checked against one message: what was asked, what the message has. */
export interface CriterionCheck {
  field: keyof SentMessageFilter;
  expected: string;
  actual: string;
  ok: boolean;
}

type ContentField = "to" | "from" | "subject" | "tag" | "stream";
const contentFields: ContentField[] = ["to", "from", "subject", "tag", "stream"];

/** Every sent message of every server (or of the filter's server) that passes the filter, newest first. */
export async function sentMessages(emulator: Emulator, filter: SentMessageFilter = {}): Promise<SentMessage[]> {
  return (await messagesOfScope(emulator, filter)).filter((message) => checkMessage(message, filter).every((check) => check.ok));
}

/** The messages of the filter's server (all servers when it names none), newest first, unfiltered otherwise. */
export async function messagesOfScope(emulator: Emulator, filter: Pick<SentMessageFilter, "server" | "token">): Promise<SentMessage[]> {
  const server = await scopeServerId(emulator, filter);
  if (server === null) return [];
  const found = await emulator.messages.search(server === undefined ? {} : { server });
  return found.items.map((message) => ({ ...message.details, ServerID: message.serverId }));
}

/**
 * The server a filter names: its ID, or the ID its token belongs to; undefined when it names none.
 * A token no request has used yet names no server, so nothing matches it (null).
 */
export async function scopeServerId(emulator: Emulator, filter: Pick<SentMessageFilter, "server" | "token">): Promise<number | null | undefined> {
  const named = filter.token ?? filter.server;
  if (named === undefined) return undefined;
  if (typeof named === "number") return named;
  return (await emulator.server(named))?.ID ?? null;
}

/** The content criteria of a filter (recipient, sender, subject, tag, stream), each checked against the message. */
export function checkMessage(message: SentMessage, filter: SentMessageFilter): CriterionCheck[] {
  const checks: CriterionCheck[] = [];
  for (const field of contentFields) {
    const expected = filter[field];
    if (expected === undefined) continue;
    checks.push({ field, expected: describeMatcher(expected), actual: actualText(message, field), ok: matchesField(message, field, expected) });
  }
  return checks;
}

export function describeMatcher(matcher: TextMatcher | number): string {
  return typeof matcher === "string" ? JSON.stringify(matcher) : String(matcher);
}

function matchesField(message: SentMessage, field: ContentField, expected: TextMatcher): boolean {
  switch (field) {
    case "to": {
      const recipients = [...message.To, ...message.Cc, ...message.Bcc];
      if (typeof expected === "string") return recipients.some((recipient) => sameAddress(recipient.Email, expected));
      return recipients.some((recipient) => test(expected, recipient.Email) || test(expected, recipient.Name ? `${recipient.Name} <${recipient.Email}>` : recipient.Email));
    }
    case "from":
      return typeof expected === "string" ? sameAddress(addressOf(message.From), expected) || message.From === expected : test(expected, message.From);
    case "subject":
      return typeof expected === "string" ? message.Subject === expected : test(expected, message.Subject);
    case "tag":
      return typeof expected === "string" ? (message.Tag ?? "") === expected : test(expected, message.Tag ?? "");
    case "stream":
      return typeof expected === "string" ? message.MessageStream.toLowerCase() === expected.toLowerCase() : test(expected, message.MessageStream);
  }
}

function actualText(message: SentMessage, field: ContentField): string {
  switch (field) {
    case "to":
      return [...message.To, ...message.Cc, ...message.Bcc].map((recipient) => (recipient.Name ? `${recipient.Name} <${recipient.Email}>` : recipient.Email)).join(", ") || "(no recipient)";
    case "from":
      return message.From;
    case "subject":
      return JSON.stringify(message.Subject);
    case "tag":
      return message.Tag ? JSON.stringify(message.Tag) : "(no tag)";
    case "stream":
      return message.MessageStream;
  }
}

/** A RegExp with the g or y flag remembers where it stopped: start each test from the beginning. */
function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

function sameAddress(address: string, wanted: string): boolean {
  return address.trim().toLowerCase() === addressOf(wanted).trim().toLowerCase();
}

/** `Jane <jane@example.org>` → `jane@example.org`; a bare address stays as it is. */
function addressOf(mailbox: string): string {
  return /<([^<>]*)>\s*$/.exec(mailbox)?.[1] ?? mailbox;
}
