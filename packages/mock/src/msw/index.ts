// `@postmark-openapi/mock/msw`: the local Postmark as MSW request handlers. An app's tests send
// to Postmark as usual and the emulator answers in-process: no server, no port, in Node or in a
// browser test runner, with the same state, rules and errors as the HTTP mock.
import "../require-node.js";
import { http, type HttpHandler } from "msw";
import { createInProcessPostmark, postmarkBaseUrl, type InProcessOptions, type InProcessPostmark } from "../in-process.js";
import { specDocument } from "../spec-document.js";

export type { SentMessage, SentMessageFilter, TextMatcher } from "../sent.js";

export interface PostmarkHandlersOptions extends Omit<InProcessOptions, "spec"> {
  /** the base URL the app sends to (default `https://api.postmarkapp.com`) */
  baseUrl?: string;
}

export interface PostmarkHandlers extends InProcessPostmark {
  /** give these to `setupServer(...)` (Node) or `setupWorker(...)` (browser) */
  handlers: HttpHandler[];
}

/** MSW handlers that answer every request under `baseUrl` with a fresh emulator of Postmark. */
export function createPostmarkHandlers(options: PostmarkHandlersOptions = {}): PostmarkHandlers {
  const postmark = createInProcessPostmark({ ...options, spec: specDocument, baseUrl: options.baseUrl ?? postmarkBaseUrl });
  const handlers = [http.all(`${postmark.baseUrl}/*`, ({ request }) => postmark.fetch(request))];
  return Object.assign(postmark, { handlers });
}
