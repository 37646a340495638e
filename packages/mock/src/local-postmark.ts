// The whole local Postmark, assembled once: the emulator over its store, one front serving
// Postmark's API and one serving the mock's own API (the same front code, two policies), faults on
// Postmark's API, webhook posting, and the change feed of the mock API's event stream. It imports
// nothing from Node: the HTTP server, `startPostmarkMock`, the test helpers and the MSW handlers are
// thin adapters over it. A request goes in as method, target, headers and a body reader; an answer
// comes out as status, headers and a body (or a stream of events, or a connection to drop).
import { createChangeFeed, type ChangeFeed } from "./control/changes.js";
import { createFaultList, type Faults } from "./control/faults.js";
import { mockApiHandlers, mockApiPrefix, type MockApiCall, type MockApiHandler } from "./control/mock-api.js";
import { summarise } from "./control/messages.js";
import type { MockApiOperationId } from "./control/types.js";
import { createEmulator, type Emulator, type EmulatorOptions } from "./core/emulator.js";
import type { Store } from "./core/store/store.js";
import { createFront, mockApiPolicy, postmarkPolicy, type FrontRequest, type FrontResponse } from "./front/front.js";
import type { Json, Spec } from "./front/operations.js";
import { isUnder, parseTarget } from "./front/target.js";
import type { MismatchLog } from "./proxy/mismatches.js";
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from "./webhooks/index.js";
import type { Answer, OperationCall, Responder } from "./protocol/call.js";
import type { OperationId } from "./protocol/spec-types.js";
import { definedFields } from "./defined-fields.js";
import { bodyTooLarge, PostmarkError } from "./protocol/errors.js";
import { resetServer } from "./reset.js";
import { sentMessages, type SentMessage, type SentMessageFilter } from "./sent.js";

export interface LocalPostmarkOptions extends Pick<EmulatorOptions, "strictSenders" | "maxMessagesPerServer" | "maxTotalMessages" | "maxAgeMs" | "now" | "uuid"> {
  /** Postmark's bundled spec, which the front checks requests against */
  spec: Spec;
  /** the mock API's bundled document */
  mockApiDocument: Json;
  /** where the emulator keeps its state (default: a new in-memory store) */
  store?: Store;
  /**
   * documented or generated answers: for the operations the emulator answers with the spec's
   * examples, and for requests that ask for one with `Prefer: code=…, example=…, dynamic=true`
   */
  examples?: { respond: Responder; wanted(call: OperationCall): boolean };
  /** how webhooks are posted (retry schedule, timeouts, bounds, the fetch used, the log) */
  webhooks?: Omit<WebhookDispatcherOptions, "log">;
  /** one line per webhook attempt */
  log?: (line: string) => void;
  /** where faults are kept (default: in this process); replicas on one database share theirs */
  faults?: Faults;
  /** what `--proxy` found, listed by the mock API */
  proxyMismatches?: MismatchLog;
}

/** What an adapter writes out: an answer, or a connection to drop (a fault asked for it). */
export type LocalResponse = (FrontResponse & { drop?: undefined; /** a fault's answer, not the API's */ fault?: boolean }) | { drop: true; note: string };

export interface LocalPostmark {
  /** answers one request: Postmark's API, the mock API under /__mock/api, faults; 404 elsewhere */
  handle(request: FrontRequest): Promise<LocalResponse>;
  /** `handle` with `fetch`'s signature; a dropped connection rejects as a network error does */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  readonly emulator: Emulator;
  readonly webhooks: WebhookDispatcher;
  readonly faults: Faults;
  readonly feed: ChangeFeed;
  /** the sent messages that pass the filter, newest first */
  messages(filter?: SentMessageFilter): Promise<SentMessage[]>;
  /** forgets everything, or one server's messages and records (its ID or a server token) */
  reset(server?: number | string): Promise<void>;
  /** stops posting webhooks and closes the store */
  close(): Promise<void>;
}

export function createLocalPostmark(options: LocalPostmarkOptions): LocalPostmark {
  const log = options.log ?? (() => {});
  const emulator = createEmulator(
    definedFields({
      store: options.store,
      strictSenders: options.strictSenders,
      maxMessagesPerServer: options.maxMessagesPerServer,
      maxTotalMessages: options.maxTotalMessages,
      maxAgeMs: options.maxAgeMs,
      now: options.now,
      uuid: options.uuid,
      fallback: options.examples?.respond,
    }),
  );
  const webhooks = createWebhookDispatcher({ ...options.webhooks, log });
  const faults = options.faults ?? createFaultList();
  const feed = createChangeFeed(async (messageId) => {
    const found = await emulator.messages.find(messageId);
    return found ? summarise(found) : undefined;
  });
  emulator.subscribe((notice) => {
    if (notice.type === "event") {
      webhooks.handle(notice);
      if (notice.event.type !== "Inbound") feed.changed(notice.event.messageId);
    } else if (notice.type === "sent") feed.sent(notice.messageId);
    else if (notice.type === "changed") feed.changed(notice.messageId);
    else feed.reset(notice.serverId);
  });

  const examples = options.examples;
  const postmark = createFront<OperationId>({
    document: options.spec,
    policy: postmarkPolicy,
    respond: examples ? (call) => (examples.wanted(call) ? examples.respond(call) : emulator.respond(call)) : emulator.respond,
  });
  const handlers = mockApiHandlers({ emulator, faults, feed, webhooks, ...(options.proxyMismatches ? { proxyMismatches: options.proxyMismatches } : {}) }) as Record<MockApiOperationId, MockApiHandler<MockApiOperationId>>;
  const mockApi = createFront<MockApiOperationId>({
    document: options.mockApiDocument as Spec,
    policy: mockApiPolicy,
    respond: async (call) => (await handlers[call.operationId](call as unknown as MockApiCall<MockApiOperationId>)) as Answer,
  });

  async function handle(request: FrontRequest): Promise<LocalResponse> {
    const target = parseTarget(request.url);
    if (target && isUnder(target.pathname, mockApiPrefix)) {
      return mockApi({
        method: request.method,
        url: (target.pathname.slice(mockApiPrefix.length) || "/") + target.search,
        headers: request.headers,
        readBody: (maxBytes) => request.readBody(maxBytes),
        get signal() {
          return request.signal;
        },
      });
    }
    // Health checks for orchestrators and CI: alive while the process answers, ready once the store answers.
    const lower = target?.pathname.toLowerCase();
    if (lower === "/__mock/livez" || lower === "/__mock/readyz") return health(lower === "/__mock/readyz" ? emulator : undefined);
    // Nothing of Postmark's lives under /__mock: no faults there either.
    if (target && !isUnder(target.pathname, "/__mock")) {
      let fault;
      try {
        fault = await faults.take(request.method, target.pathname);
      } catch (error) {
        // Faults shared by replicas live in their database, which may be away (a 503 then).
        if (!(error instanceof PostmarkError)) throw error;
        return error.answer();
      }
      if (fault?.kind === "drop") return { drop: true, note: "dropped (fault)" };
      if (fault?.kind === "answer") {
        return { status: fault.status, headers: { ...fault.headers, "content-type": "application/json; charset=utf-8" }, body: fault.body, fault: true };
      }
      if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    }
    return postmark(request);
  }

  return {
    handle,
    fetch: (input, init) => answerFetch(handle, input instanceof Request && init === undefined ? input : new Request(input, init)),
    emulator,
    webhooks,
    faults,
    feed,
    messages: (filter = {}) => sentMessages(emulator, filter),
    reset: (server) => resetServer(emulator, server),
    async close() {
      await webhooks.close();
      await emulator.close();
    },
  };
}

/** `/__mock/livez` (no emulator given) and `/__mock/readyz` (the emulator's store must answer). */
async function health(emulator: Emulator | undefined): Promise<LocalResponse> {
  const headers = { "cache-control": "no-store" };
  try {
    await emulator?.server(0);
    return { status: 200, headers: { ...headers, "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ Status: "ok" }) };
  } catch {
    return new PostmarkError(503, 100, "The local Postmark's store does not answer.", headers).answer();
  }
}

/** Answers a Fetch API request through `handle`, as a server on the network would. */
async function answerFetch(handle: (request: FrontRequest) => Promise<LocalResponse>, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const answer = await handle({
    method: request.method,
    url: url.pathname + url.search,
    headers,
    signal: request.signal,
    readBody: async (maxBytes) => {
      const text = await request.text();
      if (new TextEncoder().encode(text).byteLength > maxBytes) throw bodyTooLarge(maxBytes);
      return text;
    },
  });
  if (answer.drop) throw new TypeError("fetch failed: the local Postmark dropped the connection (a fault asked for it)");
  const noBody = request.method.toUpperCase() === "HEAD" || answer.status === 204 || answer.status === 304;
  if (answer.events && !noBody) return new Response(eventStream(answer.events, request.signal), { status: answer.status, headers: answer.headers });
  return new Response(noBody || answer.body === "" ? null : (answer.body as BodyInit), { status: answer.status, headers: answer.headers });
}

/** A stream of server-sent events, ended when the reader cancels or the request is aborted. */
function eventStream(subscribe: NonNullable<FrontResponse["events"]>, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop: (() => void) | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("retry: 1000\n: connected\n\n"));
      stop = subscribe((frame) => controller.enqueue(encoder.encode(frame)));
      signal.addEventListener("abort", () => {
        stop?.();
        controller.close();
      });
    },
    cancel() {
      stop?.();
    },
  });
}
