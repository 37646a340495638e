// Assertions on what an app sent, for any test runner: they throw an Error whose message lists
// what WAS sent, field by field against what the test asked for, so a failure explains itself.
// They work on anything with `messages(filter)`: a started mock, the MSW handlers, a test's mock.
import { checkMessage, describeMatcher, type SentMessage, type SentMessageFilter } from "../sent.js";

export interface SentMessageSource {
  messages(filter?: SentMessageFilter): Promise<SentMessage[]>;
}

export interface ExpectSentOptions {
  /** keep looking for this long, in milliseconds, for an app that sends in the background (default 0: look once) */
  timeout?: number;
  /** how often to look again while waiting, in milliseconds (default 20) */
  interval?: number;
}

/** How many sent messages a failure lists at most. */
const listedAtMost = 10;

/** The sent messages that pass the filter, newest first. */
export function sentEmails(source: SentMessageSource, filter: SentMessageFilter = {}): Promise<SentMessage[]> {
  return source.messages(filter);
}

/** The newest sent message that passes the filter, if any. */
export async function lastEmail(source: SentMessageSource, filter: SentMessageFilter = {}): Promise<SentMessage | undefined> {
  return (await source.messages(filter))[0];
}

/**
 * Resolves with the newest sent message that passes the filter; rejects with a message listing
 * what was sent (on the filter's server, or everywhere) when none does.
 */
export async function expectEmailSent(source: SentMessageSource, filter: SentMessageFilter, options: ExpectSentOptions = {}): Promise<SentMessage> {
  const deadline = Date.now() + (options.timeout ?? 0);
  for (;;) {
    const found = (await source.messages(filter))[0];
    if (found) return found;
    if (Date.now() >= deadline) throw assertionError(`Expected an email matching ${describeFilter(filter)} to have been sent.\n${await describeSent(source, filter)}`);
    await new Promise((resolve) => setTimeout(resolve, options.interval ?? 20));
  }
}

/** Rejects, listing them, when sent messages pass the filter (no filter: when anything was sent). */
export async function expectNoEmailSent(source: SentMessageSource, filter: SentMessageFilter = {}): Promise<void> {
  const found = await source.messages(filter);
  if (found.length === 0) return;
  const what = Object.keys(contentOf(filter)).length > 0 ? `no email matching ${describeFilter(filter)}` : "no email";
  throw assertionError(`Expected ${what} to have been sent, but ${found.length} ${found.length === 1 ? "was" : "were"}:\n${found.slice(0, listedAtMost).map((message) => `  - ${summary(message)}`).join("\n")}${more(found.length)}`);
}

/** `{ to: "jane@example.org", subject: /Welcome/ }`, as the test wrote it. */
export function describeFilter(filter: SentMessageFilter): string {
  const parts = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${field}: ${describeMatcher(value as string | number | RegExp)}`);
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

/** Every message of the filter's server, each with the criteria it met (✓) and missed (✗). */
async function describeSent(source: SentMessageSource, filter: SentMessageFilter): Promise<string> {
  const scope: SentMessageFilter = {};
  if (filter.server !== undefined) scope.server = filter.server;
  if (filter.token !== undefined) scope.token = filter.token;
  const sent = await source.messages(scope);
  const where = scope.server !== undefined || scope.token !== undefined ? " on this server" : "";
  if (sent.length === 0) return `No email was sent${where}.`;
  const lines = sent.slice(0, listedAtMost).map((message, index) => {
    const checks = checkMessage(message, filter).map((check) => `      ${check.ok ? "✓" : "✗"} ${check.field}: ${check.actual}${check.ok ? "" : `  (expected ${check.expected})`}`);
    return [`  ${index + 1}. ${summary(message)}`, ...checks].join("\n");
  });
  return `${sent.length === 1 ? "1 email was" : `${sent.length} emails were`} sent${where}, newest first:\n${lines.join("\n")}${more(sent.length)}`;
}

function summary(message: SentMessage): string {
  const to = message.To.map((recipient) => recipient.Email).join(", ") || "(no To)";
  return `to ${to}, subject ${JSON.stringify(message.Subject)}${message.Tag ? `, tag ${JSON.stringify(message.Tag)}` : ""}, from ${message.From} (MessageID ${message.MessageID})`;
}

function more(total: number): string {
  return total > listedAtMost ? `\n  … and ${total - listedAtMost} more` : "";
}

function contentOf(filter: SentMessageFilter): SentMessageFilter {
  const { server: _server, token: _token, ...content } = filter;
  return Object.fromEntries(Object.entries(content).filter(([, value]) => value !== undefined));
}

function assertionError(message: string): Error {
  const error = new Error(message);
  error.name = "AssertionError";
  return error;
}
