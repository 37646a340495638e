// The local Postmark over HTTP: Node's server in front of the portable assembly (the emulator,
// Postmark's API, the mock API, faults, webhooks), or, in static mode, of the front alone with
// Prism's documented answers. This adapter does what only a server does: it guards the Host and
// Origin, serves the inbox page's files, writes answers and event streams, drops connections, and
// logs one line per request.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Emulator } from "../core/emulator.js";
import { createMemoryStore } from "../core/store/memory-store.js";
import type { Store } from "../core/store/store.js";
import { createFront, postmarkPolicy, unexpectedFailure, type FrontRequest, type FrontResponse } from "../front/front.js";
import { isUnder, parseTarget } from "../front/target.js";
import { mockApiPrefix } from "../control/mock-api.js";
import { definedFields } from "../defined-fields.js";
import type { WebhookDispatcher } from "../webhooks/index.js";
import { createLocalPostmark, type LocalPostmark, type LocalResponse } from "../local-postmark.js";
import { mockApiDocument } from "../mock-api-document.js";
import { bodyTooLarge } from "../protocol/errors.js";
import type { OperationId } from "../protocol/spec-types.js";
import type { SentMessage, SentMessageFilter } from "../sent.js";
import { createProxy, createReplay, type PassThrough } from "../proxy/node-proxy.js";
import { checkPassThroughOptions } from "../proxy/pass-through-options.js";
import type { Spec } from "../front/operations.js";
import { loadSpec } from "../spec.js";
import { createStaticResponder, parsePrefer } from "../static/responder.js";
import { allowedHostNames, corsOrigins, createGuard, OptionError } from "./guard.js";
import { createAnswerBatch } from "./answer-batch.js";
import { serveInbox } from "./inbox.js";
import { openSharedState, type SharedState } from "../postgres/index.js";
import { openDataFolder } from "../sqlite/data-folder.js";
import { makeSelfSignedCertificate } from "../smtp/certificate.js";
import { startSmtpListener, type SmtpListener } from "../smtp/listener.js";

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
  /** keep the emulator's state in this folder across restarts (a SQLite database, `<dataDir>/postmark.db`) */
  dataDir?: string;
  /** where the emulator keeps its state, instead of memory or `dataDir` (an engine of the storage API) */
  store?: Store;
  /**
   * `postgres://user:password@host:5432/database`: all state in PostgreSQL, shared with every
   * replica started on the same database and schema (default POSTMARK_MOCK_DATABASE_URL unset: memory)
   */
  database?: string;
  /** the schema of `database` holding this local Postmark (default "postmark_mock") */
  databaseSchema?: string;
  /** refuse senders without a confirmed signature or verified domain */
  strictSenders?: boolean;
  /** the most outbound messages kept per server (default 10,000) */
  maxMessagesPerServer?: number;
  /** the most outbound messages kept over all servers (default: no limit); the oldest go first */
  maxTotalMessages?: number;
  /** how long mail is kept, in milliseconds (default: no limit); idle servers that hold nothing go after it too */
  maxAgeMs?: number;
  /** multiplies Postmark's webhook retry schedule (default 1; 0.001 turns a minute into 60 ms) */
  webhookRetryScale?: number;
  /** how long one webhook post may take, in milliseconds (default 30,000) */
  webhookTimeoutMs?: number;
  /** webhook posts running at once, over all receivers (default 32): the most sockets webhooks hold */
  webhookConcurrency?: number;
  /** webhook posts running at once to one receiver, i.e. one scheme, host and port (default 8) */
  webhookConcurrencyPerTarget?: number;
  /** webhook posts kept waiting, running or retrying (default 10,000); past it new posts are dropped with a log line */
  webhookQueueLimit?: number;
  /**
   * Origins whose pages may read the mock's answers (CORS headers, preflights), e.g.
   * `["http://localhost:5173"]`; `"*"` for any origin, only when spelled out. Postmark sends no
   * CORS headers, so by default neither does the mock.
   */
  cors?: string | readonly string[];
  /**
   * Host names the mock answers besides its address, IP addresses, `localhost` and `*.localhost`
   * (`.example.test` takes its subdomains too); `"all"` answers any Host. A request for any other
   * host is refused with 403, which stops DNS rebinding.
   */
  allowedHosts?: readonly string[] | "all";
  /** how long a request may take to arrive, headers and body, in milliseconds (default 60,000); then 408 */
  requestTimeoutMs?: number;
  /**
   * The SMTP listener's port, on the same host (emulator mode): 0 picks a free port. Absent or
   * false: no SMTP listener, so that mocks started side by side (parallel test files) never
   * contend for one port; the CLI asks for 2525.
   */
  smtpPort?: number | false;
  /** the certificate (PEM) STARTTLS presents; default: a self-signed one made at start for localhost */
  smtpTls?: { key: string; cert: string };
  /**
   * Forward Postmark's API to this base URL (e.g. https://api.postmarkapp.com) unchanged, and check
   * every exchange against the spec: mismatches go to the log and `GET /__mock/api/proxy/mismatches`.
   */
  proxy?: string;
  /** with `proxy`: write each exchange, redacted, as a cassette file into this folder */
  recordDir?: string;
  /** answer Postmark's API from the cassettes in this folder (recorded with `proxy` and `recordDir`) */
  replayDir?: string;
  /** no log lines */
  quiet?: boolean;
  log?: (line: string) => void;
  /**
   * Where the one start-up line (the URLs it serves) goes, even when `quiet`: the CLI prints it,
   * so a script that starts it with `--port 0 --quiet` still learns its address. By default it
   * goes to the log.
   */
  announce?: (line: string) => void;
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
  /** where the SMTP listener is (`smtp://127.0.0.1:2525`), unless it is off or the mode keeps no state */
  smtp: { url: string; host: string; port: number } | undefined;
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
  // Options are checked before anything starts.
  const guard = createGuard({ boundHost: host, allowedHosts: options.allowedHosts === "all" ? "all" : allowedHostNames(options.allowedHosts ?? []), cors: corsOrigins(corsList(options.cors)) });
  const spec = loadSpec(options.specPath);
  const passThrough = passThroughOf(options, mode, spec);
  const staticResponder = await createStaticResponder(spec, { dynamic: mode === "dynamic", answersFile: options.answersFile });

  let local: LocalPostmark | undefined;
  let answer: (request: FrontRequest) => Promise<LocalResponse>;
  let shared: SharedState | undefined;
  if (mode === "emulator") {
    if (options.database) shared = await openSharedState({ url: options.database, ...(options.databaseSchema ? { schema: options.databaseSchema } : {}), log });
    const store = options.store ?? shared?.store ?? (options.dataDir ? await openDataFolder(options.dataDir) : createMemoryStore());
    local = createLocalPostmark({
      spec,
      mockApiDocument,
      store,
      ...definedFields({ faults: shared?.faults, strictSenders: options.strictSenders, maxMessagesPerServer: options.maxMessagesPerServer, maxTotalMessages: options.maxTotalMessages, maxAgeMs: options.maxAgeMs }),
      // `Prefer: code=…, example=…, dynamic=true` still picks a documented or generated answer.
      examples: { respond: staticResponder, wanted: (call) => Boolean(call.headers["prefer"]) && Object.keys(parsePrefer(call.headers["prefer"] ?? "")).length > 0 },
      webhooks: definedFields({
        retryScale: options.webhookRetryScale,
        timeoutMs: options.webhookTimeoutMs,
        concurrency: options.webhookConcurrency,
        concurrencyPerTarget: options.webhookConcurrencyPerTarget,
        queueLimit: options.webhookQueueLimit,
        shared: shared?.webhooks,
      }),
      log,
      ...(passThrough?.mismatches ? { proxyMismatches: passThrough.mismatches } : {}),
    });
    answer = local.handle;
  } else {
    answer = createFront<OperationId>({ document: spec, policy: postmarkPolicy, respond: staticResponder });
  }

  const streams = createStreamWriter(log);
  const answers = createAnswerBatch((error) => log(`an answer could not be written: ${error instanceof Error ? error.message : String(error)}`));
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const server = createServer({ requestTimeout: requestTimeoutMs, headersTimeout: Math.min(requestTimeoutMs, 60_000), connectionsCheckingInterval: Math.min(30_000, Math.max(100, requestTimeoutMs / 4)) }, (request, response) => {
    // However odd the request, it gets an answer and the process goes on.
    handle(request, response).catch((error: unknown) => answerFailure(request, response, error, log));
  });
  server.keepAliveTimeout = 5_000;
  // CONNECT asks for a tunnel, which the mock is not: it says so instead of dropping the connection.
  server.on("connect", (request: IncomingMessage, socket: Duplex) => {
    const body = JSON.stringify({ ErrorCode: 404, Message: "The local Postmark is not a proxy: it does not take CONNECT." });
    socket.on("error", () => {});
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    log(`CONNECT ${request.url} 405`);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = parseTarget(request.url ?? "/");
    const surface = target && isUnder(target.pathname, mockApiPrefix) ? "mock" : "postmark";
    const facts = {
      method: (request.method ?? "GET").toUpperCase(),
      host: request.headers.host,
      targetHost: target?.host,
      origin: request.headers.origin,
      preflightMethod: request.headers["access-control-request-method"],
    };
    const refusal = guard.check(facts, surface) ?? guard.preflight(facts, surface);
    if (refusal) {
      request.resume();
      response.writeHead(refusal.status, { ...refusal.headers, "content-length": Buffer.byteLength(refusal.body) }).end(refusal.body);
      log(`${request.method} ${request.url} ${refusal.status} (refused: ${JSON.parse(refusal.body).Message as string})`);
      return;
    }
    const cors = guard.corsHeaders(facts.origin);
    // Only a target that starts with /__mock (in any case) can be a file of the inbox page.
    if (local && mayBeInbox(request.url) && (await serveInbox(request, response))) return;
    const started = performance.now();
    const logLine = (status: number | string, note?: string) => {
      if (!quiet) log(`${request.method} ${request.url} ${status} ${(performance.now() - started).toFixed(1)}ms${note ? ` (${note})` : ""}`);
    };
    if (passThrough && surface === "postmark" && !(target && isUnder(target.pathname, "/__mock"))) {
      const outcome = await passThrough.handle(request, response, cors);
      return logLine(outcome.status, outcome.note);
    }
    const result = await answer(new NodeFrontRequest(request, response));
    if (result.drop) {
      request.socket.destroy();
      return log(`${request.method} ${request.url} ${result.note}`);
    }
    const { events } = result;
    if (events && facts.method !== "HEAD") return streams.open(request, response, { ...result, events }, cors, (status, note) => logLine(status, note));
    if (!response.headersSent) {
      // A refused body may still be arriving: the connection closes after the answer.
      const closing = result.status === 413 || result.status === 415 ? { connection: "close" } : {};
      response.writeHead(result.status, { ...result.headers, ...cors, ...closing, "content-length": typeof result.body === "string" ? Buffer.byteLength(result.body) : result.body.byteLength });
      answers.end(response, result.body);
    }
    // Anything of the body still coming is read and dropped, so the client sees the answer.
    if (!request.complete) request.resume();
    if (result.fault) log(`${request.method} ${request.url} ${result.status} (fault)`);
    else logLine(result.status, result.note);
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    await local?.close();
    throw portInUse(error, "HTTP", host, port);
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  let smtp: SmtpListener | undefined;
  const smtpPort = options.smtpPort ?? false;
  if (local && smtpPort !== false) {
    try {
      smtp = await startSmtpListener({ emulator: local.emulator, host, port: smtpPort, tls: options.smtpTls ?? makeSelfSignedCertificate(host === "0.0.0.0" || host === "::" ? [] : [host]), log });
    } catch (error) {
      await local.close();
      server.close();
      throw portInUse(error, "SMTP", host, smtpPort);
    }
  }
  const modeText = passThrough ? passThrough.description : mode === "emulator" ? `stateful emulator${shared ? `, state in ${shared.describe}` : options.dataDir ? `, state in ${options.dataDir}` : ", state in memory"}` : mode === "dynamic" ? "generated answers" : "documented answers";
  const addresses = local ? `; inbox at ${url}/__mock/, mock API at ${url}/__mock/api${smtp ? `, SMTP at ${smtp.url}` : ""}` : "";
  (options.announce ?? log)(`Postmark mock listening on ${url} (${modeText}) — ${spec.info.title} ${spec.info.version}${addresses}`);

  const close = async () => {
    streams.close();
    await smtp?.close();
    await local?.close();
    await new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  };
  const requireLocal = (what: string): LocalPostmark => {
    if (!local) throw new Error(`${what} needs the emulator; this mock runs in ${mode} mode, which keeps no state.`);
    return local;
  };
  return {
    url,
    host: address.address,
    port: address.port,
    mode,
    emulator: local?.emulator,
    webhooks: local?.webhooks,
    smtp: smtp ? { url: smtp.url, host: smtp.host, port: smtp.port } : undefined,
    messages: (filter = {}) => requireLocal("messages()").messages(filter),
    reset: (server) => requireLocal("reset()").reset(server),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Writes event streams: at most `maxStreams` at once, each dropped when its client stops reading. */
function createStreamWriter(log: (line: string) => void, maxStreams = 64, maxBacklog = 1024 * 1024, heartbeatMs = 15_000) {
  const streams = new Set<() => void>();
  return {
    open(request: IncomingMessage, response: ServerResponse, answer: FrontResponse & { events: NonNullable<FrontResponse["events"]> }, cors: Record<string, string>, logged: (status: number, note?: string) => void): void {
      if (streams.size >= maxStreams) {
        const body = JSON.stringify({ ErrorCode: 429, Message: `${maxStreams} event streams are open already; close one (a browser tab on the inbox page holds one) and try again.` });
        request.resume();
        response.writeHead(429, { ...cors, "content-type": "application/json; charset=utf-8", "retry-after": "5", "content-length": Buffer.byteLength(body) }).end(body);
        return logged(429);
      }
      response.writeHead(answer.status, { ...answer.headers, ...cors });
      response.write("retry: 1000\n: connected\n\n");
      // A client that stops reading is dropped rather than buffered for: it reconnects when it reads again.
      const send = (frame: string) => {
        if (response.writableLength > maxBacklog) {
          log(`event stream dropped: the client fell ${Math.round(response.writableLength / 1024)} KiB behind`);
          response.destroy();
          return;
        }
        response.write(frame);
      };
      const unsubscribe = answer.events(send);
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), heartbeatMs);
      heartbeat.unref();
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(end);
        response.end();
      };
      streams.add(end);
      response.once("close", end);
      logged(answer.status);
    },
    close(): void {
      for (const end of [...streams]) end();
    },
  };
}

/** A port another program (or another mock) already listens on. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(
    readonly service: "HTTP" | "SMTP",
    readonly host: string,
    readonly port: number,
  ) {
    super(`The ${service} port ${port} on ${host} is already in use.`);
  }
}

/** The error to throw for a failed listen: a PortInUseError when the port is taken, else the error as it came. */
function portInUse(error: unknown, service: "HTTP" | "SMTP", host: string, port: number): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EADDRINUSE" ? new PortInUseError(service, host, port) : error;
}

/**
 * Starts a local Postmark for tests and scripts: on a free port and without a request log unless
 * the options say otherwise. Read `url` for where it listens; `close()` (or `await using`) stops it.
 */
export function startPostmarkMock(options: MockOptions = {}): Promise<RunningMock> {
  return startMockServer({ port: 0, quiet: true, ...options });
}

/** The proxy or the replayer the options ask for, checked against the other options. */
function passThroughOf(options: MockOptions, mode: MockMode, spec: Spec): PassThrough | undefined {
  checkPassThroughOptions(options, mode);
  if (options.proxy !== undefined) return createProxy({ upstream: options.proxy, spec, ...definedFields({ recordDir: options.recordDir }) });
  if (options.replayDir !== undefined) return createReplay(options.replayDir, spec);
  return undefined;
}

function corsList(cors: MockOptions["cors"]): readonly string[] {
  if (cors === undefined) return [];
  if (typeof cors === "string") return [cors];
  if (Array.isArray(cors)) return cors;
  throw new OptionError(`The cors option takes origins, e.g. ["http://localhost:5173"], or "*" for any origin; not ${String(cors)}.`);
}

/** The last resort for a request that failed outside every other handler: logged, and answered when it still can be. */
function answerFailure(request: IncomingMessage, response: ServerResponse, error: unknown, log: (line: string) => void): void {
  log(`${request.method} ${request.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const refusal = unexpectedFailure();
  const body = JSON.stringify(refusal.body());
  request.resume();
  response.writeHead(refusal.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" }).end(body);
}

/** The request's headers, each as one string (Node keeps repeated Set-Cookie headers as a list). */
function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  const { headers } = request;
  if (headers["set-cookie"] === undefined) return headers as Record<string, string | undefined>;
  const joined: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) joined[name] = Array.isArray(value) ? value.join(", ") : value;
  return joined;
}

/** Whether a request target may name a file of the inbox page (under /__mock, in any case). */
function mayBeInbox(url: string | undefined): boolean {
  return url !== undefined && url.length >= 7 && url.slice(0, 7).toLowerCase() === "/__mock";
}

/**
 * A Node request as the front reads it. The getter and the method are the class's, so every request
 * has one shape and brings no closures of its own.
 */
class NodeFrontRequest implements FrontRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: FrontRequest["headers"];
  readonly #request: IncomingMessage;
  readonly #response: ServerResponse;
  #departure: AbortController | undefined;
  constructor(request: IncomingMessage, response: ServerResponse) {
    this.#request = request;
    this.#response = response;
    this.method = request.method ?? "GET";
    this.url = request.url ?? "/";
    this.headers = headersOf(request);
  }
  /** Made when a handler listens (a long poll): a client that leaves before its answer ends it at once. */
  get signal(): AbortSignal {
    return (this.#departure ??= departureOf(this.#response)).signal;
  }
  readBody(maxBytes: number): Promise<string> {
    return readBody(this.#request, maxBytes);
  }
}

/** A signal aborted when the client goes away before the whole answer is written. */
function departureOf(response: ServerResponse): AbortController {
  const departure = new AbortController();
  if (response.closed) departure.abort();
  else response.once("close", () => departure.abort());
  return departure;
}

/** The whole body as text; a PostmarkError 413 past `maxBytes`, and the request is dropped as it arrives. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (request.readableEnded) return resolve("");
    if (request.destroyed) return reject(Object.assign(new Error("The client went away before the whole body arrived."), { code: "ECONNRESET" }));
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      request.off("data", take);
      request.off("end", end);
      request.off("error", fail);
      request.off("close", closed);
    };
    const take = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        done();
        request.destroy();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const end = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks, size).toString("utf8"));
    };
    const fail = (error: Error) => {
      done();
      reject(error);
    };
    // A request that closes before its end was cut short: the client went away.
    const closed = () => fail(Object.assign(new Error("The client went away before the whole body arrived."), { code: "ECONNRESET" }));
    request.on("data", take);
    request.once("end", end);
    request.once("error", fail);
    request.once("close", closed);
  });
}
