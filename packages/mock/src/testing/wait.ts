// For tests that follow an email the way a user does: wait for it, then open its link or type its code.
import { expectEmailSent, type ExpectSentOptions, type SentMessageSource } from "./assertions.js";
import type { SentMessage, SentMessageFilter } from "../sent.js";

export { codeOf, codesOf, linksOf, type MessageLink } from "../message-content.js";

/**
 * Resolves with the newest message that passes the filter as soon as there is one (sent before
 * or after the call), or rejects after `timeout` (default 10 s) listing what was sent instead.
 */
export function waitForEmail(source: SentMessageSource, filter: SentMessageFilter, options: ExpectSentOptions = {}): Promise<SentMessage> {
  return expectEmailSent(source, filter, { ...options, timeout: options.timeout ?? 10_000 });
}
