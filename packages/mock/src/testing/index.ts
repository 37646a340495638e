// `@postmark-openapi/mock/testing`: a local Postmark per test file for vitest and jest, and
// assertions on what the app sent.
import "../require-node.js";
export { usePostmarkMock, type PostmarkTestMock, type TestHooks, type UsePostmarkMockOptions } from "./use-postmark-mock.js";
export { expectEmailSent, expectNoEmailSent, lastEmail, sentEmails, describeFilter, type ExpectSentOptions, type SentMessageSource } from "./assertions.js";
export { waitForEmail, linksOf, codeOf, codesOf, type MessageLink } from "./wait.js";
export type { SentMessage, SentMessageFilter, TextMatcher } from "../sent.js";
export type { MockOptions, RunningMock } from "../http/server.js";
