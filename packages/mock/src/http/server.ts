// The mock over HTTP: Node's server in front of the portable front, with the stateful emulator
// answering by default and Prism's documented answers in static mode.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createEmulator, type Emulator } from "../core/emulator.js";
import { bodyTooLarge } from "../protocol/errors.js";
import { createFront, type FrontRequest } from "../front/front.js";
import type { Responder } from "../protocol/call.js";
import { createMemoryStore } from "../core/store/memory-store.js";
import { operationsOf } from "../front/operations.js";
import { createWebhookDispatcher, type WebhookDispatcher } from "../hooks/index.js";
import { loadSpec } from "../spec.js";
import { createStaticResponder, parsePrefer } from "../static/responder.js";
import { serveInbox } from "./inbox.js";
import { createStateSaver, readStateFile } from "./persist.js";
import type { DeliveryLog } from "../control/delivery-log.js";
import { createControlAdapter } from "./control.js";
import { resetServer } from "../reset.js";
import { sentMessages, type SentMessage, type SentMessageFilter } from "../sent.js";

export type MockMode = "emulator" | "static" | "dynamic";

export interface MockOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** default 4010; 0 picks a free port */
  port?: number;
  /** "emulator" (default): a stateful Postmark; "static": the spec's documented answers; "dynamic": answers generated from the schemas */
  mode?: MockMode;
  /** same as mode: "dynamic" */
  dynamic?: boolean;
  /** the bundled spec (JSON); default: @postmark-openapi/spec */
  specPath?: string;
  /** the documented answers worked out at build time (dist/answers.json) */
  answersFile?: string;
  /** keep the emulator's state in this folder across restarts */
  dataDir?: string;
  /** refuse senders without a confirmed signature or verified domain */
  strictSenders?: boolean;
  /** the most outbound messages kept per server (default 10,000) */
  maxMessagesPerServer?: number;
  /** multiplies Postmark's webhook retry schedule (default 1; 0.001 turns a minute into 60 ms) */
  webhookRetryScale?: number;
  /** how long one webhook post may take, in milliseconds (default 30,000) */
  webhookTimeoutMs?: number;
  /** add CORS headers for local front-end work (Postmark sends none) */
  cors?: boolean;
  /** no log lines */
  quiet?: boolean;
  log?: (line: string) => void;
}

export interface RunningMock {
  url: string;
  host: string;
  port: number;
  mode: MockMode;
  /** the emulator, in emulator mode */
  emulator: Emulator | undefined;
  /** posts the emulator's events to the configured webhooks and logs each attempt, in emulator mode */
  webhooks: WebhookDispatcher | undefined;
  /**
   * The messages sent through the mock that pass the filter, newest first (emulator mode): each
   * one's stored details as `getOutboundMessageDetails` returns them, with its `ServerID`.
   */
  messages(filter?: SentMessageFilter): Promise<SentMessage[]>;
  /** Forgets everything, or only one server's messages and records (given its ID or a server token). */
  reset(server?: number | string): Promise<void>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts the mock and resolves once it listens. */
export async function startMockServer(options: MockOptions = {}): Promise<RunningMock> {
  const { host = "127.0.0.1", port = 4010, quiet = false } = options;
  const mode: MockMode = options.mode ?? (options.dynamic ? "dynamic" : "emulator");
  const log = quiet ? () => {} : (options.log ?? ((line: string) => console.log(line)));
  const spec = loadSpec(options.specPath);
  const staticResponder = await createStaticResponder(spec, { dynamic: mode === "dynamic", answersFile: options.answersFile });

  let emulator: Emulator | undefined;
  let webhooks: WebhookDispatcher | undefined;
  let saver: ReturnType<typeof createStateSaver> | undefined;
  let respond: Responder = staticResponder;
  if (mode === "emulator") {
    const stored = options.dataDir ? readStateFile(options.dataDir) : undefined;
    const store = createMemoryStore({ ...(stored ? { from: stored } : {}), onCommit: () => saver?.changed() });
    webhooks = createWebhookDispatcher({
      ...(options.webhookRetryScale !== undefined ? { retryScale: options.webhookRetryScale } : {}),
      ...(options.webhookTimeoutMs !== undefined ? { timeoutMs: options.webhookTimeoutMs } : {}),
      log,
    });
    emulator = createEmulator({
      store,
      ...(options.strictSenders !== undefined ? { strictSenders: options.strictSenders } : {}),
      ...(options.maxMessagesPerServer !== undefined ? { maxMessagesPerServer: options.maxMessagesPerServer } : {}),
      fallback: staticResponder,
    });
    emulator.subscribe((notice) => {
      if (notice.type === "event") webhooks?.handle(notice);
    });
    if (options.dataDir) saver = createStateSaver(options.dataDir, () => store.snapshot());
    const emulate = emulator.respond;
    // `Prefer: code=…, example=…, dynamic=true` still picks a documented or generated answer.
    respond = (call) => (call.headers["prefer"] && Object.keys(parsePrefer(call.headers["prefer"])).length > 0 ? staticResponder(call) : emulate(call));
  }

  // The mock's own API (/__mock/api) and faults drive the emulator, so they exist only with it.
  const deliveryLog: DeliveryLog | undefined = webhooks ? { list: (filter) => webhooks!.deliveries(filter), clear: () => webhooks!.clear() } : undefined;
  const control = emulator ? createControlAdapter({ emulator, deliveryLog, cors: options.cors ?? false, log }) : undefined;
  const front = createFront({ spec, operations: operationsOf(spec), respond, cors: options.cors ?? false });
  const server = createServer((request, response) => {
    void handle(request, response);
  });
  server.keepAliveTimeout = 5_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (control && (await control.intercept(request, response))) return;
    if (await serveInbox(request, response)) return;
    const started = performance.now();
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : value;
    const result = await front({ method: request.method ?? "GET", url: request.url ?? "/", headers, readBody: (maxBytes) => readBody(request, maxBytes) } satisfies FrontRequest);
    if (!response.headersSent) {
      const closing = result.status === 413 ? { connection: "close" } : {};
      response.writeHead(result.status, { ...result.headers, ...closing, "content-length": Buffer.byteLength(result.body) });
      response.end(result.body);
    }
    // Anything of the body still coming is read and dropped, so the client sees the answer.
    if (!request.complete) request.resume();
    log(`${request.method} ${request.url} ${result.status} ${(performance.now() - started).toFixed(1)}ms${result.note ? ` (${result.note})` : ""}`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  const modeText = mode === "emulator" ? `stateful emulator${options.dataDir ? `, state in ${options.dataDir}` : ", state in memory"}` : mode === "dynamic" ? "generated answers" : "documented answers";
  const addresses = control ? `; inbox at ${url}/__mock/, mock API at ${url}/__mock/api` : "";
  log(`Postmark mock listening on ${url} (${modeText}) — ${spec.info.title} ${spec.info.version}${addresses}`);

  const close = async () => {
    await webhooks?.close();
    await new Promise<void>((resolve, reject) => {
      saver?.flush();
      control?.close();
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  };
  const requireEmulator = (what: string): Emulator => {
    if (!emulator) throw new Error(`${what} needs the emulator; this mock runs in ${mode} mode, which keeps no state.`);
    return emulator;
  };
  return {
    url,
    host: address.address,
    port: address.port,
    mode,
    emulator,
    webhooks,
    messages: (filter = {}) => sentMessages(requireEmulator("messages()"), filter),
    reset: (server) => resetServer(requireEmulator("reset()"), server),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * Starts a local Postmark for tests and scripts: on a free port and without a request log unless
 * the options say otherwise. Read `url` for where it listens; `close()` (or `await using`) stops it.
 */
export function startPostmarkMock(options: MockOptions = {}): Promise<RunningMock> {
  return startMockServer({ port: 0, quiet: true, ...options });
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw bodyTooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
