// The local Postmark without a server: the emulator behind the same front the HTTP mock uses,
// answering Fetch API requests. MSW handlers, an injected `fetch` and the benchmarks use it. It
// imports nothing from Node, so it runs in a browser as well.
import { createEmulator, type Emulator, type EmulatorOptions } from "./core/emulator.js";
import { bodyTooLarge } from "./protocol/errors.js";
import { createFront, type FrontRequest } from "./front/front.js";
import { operationsOf, type Spec } from "./front/operations.js";
import { resetServer } from "./reset.js";
import { sentMessages, type SentMessage, type SentMessageFilter } from "./sent.js";

export const postmarkBaseUrl = "https://api.postmarkapp.com";

export interface InProcessOptions extends Pick<EmulatorOptions, "strictSenders" | "maxMessagesPerServer" | "now" | "uuid"> {
  /** the bundled spec the front checks requests against */
  spec: Spec;
  /** where the app sends its requests; its path, if any, is taken off before routing (default Postmark's) */
  baseUrl?: string;
}

export interface InProcessPostmark {
  /** where requests are answered */
  readonly baseUrl: string;
  /** answers one request to Postmark's API the way the HTTP mock does; it has `fetch`'s signature, so a client can take it as its `fetch` */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** the emulator with its state */
  readonly emulator: Emulator;
  /** the sent messages that pass the filter, newest first */
  messages(filter?: SentMessageFilter): Promise<SentMessage[]>;
  /** forgets everything, or one server's messages and records (its ID or a server token) */
  reset(server?: number | string): Promise<void>;
}

export function createInProcessPostmark(options: InProcessOptions): InProcessPostmark {
  const baseUrl = (options.baseUrl ?? postmarkBaseUrl).replace(/\/+$/, "");
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "");
  const emulator = createEmulator({
    ...(options.strictSenders !== undefined ? { strictSenders: options.strictSenders } : {}),
    ...(options.maxMessagesPerServer !== undefined ? { maxMessagesPerServer: options.maxMessagesPerServer } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.uuid ? { uuid: options.uuid } : {}),
  });
  const front = createFront({ spec: options.spec, operations: operationsOf(options.spec), respond: emulator.respond });

  async function answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || "/" : url.pathname;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const result = await front({
      method: request.method,
      url: path + url.search,
      headers,
      readBody: async (maxBytes) => {
        const text = await request.text();
        if (new TextEncoder().encode(text).byteLength > maxBytes) throw bodyTooLarge(maxBytes);
        return text;
      },
    } satisfies FrontRequest);
    return new Response(result.body === "" || request.method === "HEAD" ? null : result.body, { status: result.status, headers: result.headers });
  }

  return {
    baseUrl,
    fetch: (input, init) => answer(input instanceof Request && init === undefined ? input : new Request(input, init)),
    emulator,
    messages: (filter = {}) => sentMessages(emulator, filter),
    reset: (server) => resetServer(emulator, server),
  };
}
