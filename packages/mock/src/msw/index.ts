// `@postmark-openapi/mock/msw`: the local Postmark as MSW request handlers. An app's tests send
// to Postmark as usual and the emulator answers in-process: no server, no port, in Node or in a
// browser test runner. It is the same assembly the HTTP mock serves: Postmark's API with the same
// state, rules and errors, the mock API under `<baseUrl>/__mock/api`, faults, and webhooks posted
// with the runtime's `fetch`.
import "../require-node.js";
import { http, HttpResponse, type HttpHandler } from "msw";
import { createLocalPostmark, type LocalPostmark, type LocalPostmarkOptions } from "../local-postmark.js";
import { mockApiDocument } from "../mock-api-document.js";
import { specDocument } from "../spec-document.js";

export type { SentMessage, SentMessageFilter, TextMatcher } from "../sent.js";

/** Postmark's own base URL, where its official clients send. */
export const postmarkBaseUrl = "https://api.postmarkapp.com";

export interface PostmarkHandlersOptions extends Omit<LocalPostmarkOptions, "spec" | "mockApiDocument" | "examples"> {
  /** the base URL the app sends to (default `https://api.postmarkapp.com`); its path, if any, is taken off before routing */
  baseUrl?: string;
}

export interface PostmarkHandlers extends Omit<LocalPostmark, "handle"> {
  /** where requests are answered */
  readonly baseUrl: string;
  /** give these to `setupServer(...)` (Node) or `setupWorker(...)` (browser) */
  handlers: HttpHandler[];
}

/** MSW handlers that answer every request under `baseUrl` with a fresh local Postmark. */
export function createPostmarkHandlers(options: PostmarkHandlersOptions = {}): PostmarkHandlers {
  const { baseUrl: given, ...rest } = options;
  const baseUrl = (given ?? postmarkBaseUrl).replace(/\/+$/, "");
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const local = createLocalPostmark({ ...rest, spec: specDocument, mockApiDocument });
  /** The request as the assembly sees it: the base URL's path taken off. */
  const relative = (request: Request): Request => {
    if (!basePath) return request;
    const url = new URL(request.url);
    url.pathname = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname;
    return new Request(url, request);
  };
  const fetch = (input: string | URL | Request, init?: RequestInit) => local.fetch(relative(input instanceof Request && init === undefined ? input : new Request(input, init)));
  const handlers = [
    http.all(`${baseUrl}/*`, async ({ request }) => {
      try {
        return await fetch(request);
      } catch (error) {
        // A dropped connection (a fault asked for it) reaches the app as a network error.
        if (error instanceof TypeError) return HttpResponse.error();
        throw error;
      }
    }),
  ];
  const { handle: _handle, ...parts } = local;
  return Object.assign(parts, { baseUrl, handlers, fetch });
}
