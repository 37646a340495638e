// The proxy and the replayer behind Node's server. `--proxy` passes each request of Postmark's API
// to the upstream unchanged and its answer back unchanged, then checks the exchange against the
// spec (mismatches go to the log line and the mock API's list) and, with `--record`, writes it as
// a cassette. `--replay` answers from cassettes instead. Node only.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRedactor } from "./redact.js";
import { createReplayer, makeCassette, type Replayer } from "./cassettes.js";
import { addressHash, createCassetteWriter, readCassettes } from "./cassette-files.js";
import { createMismatchLog, mismatchNote, type MismatchLog } from "./mismatches.js";
import { createSpecCheck, type SpecCheck } from "./spec-check.js";
import { decodeBody, forward, UpstreamError } from "./upstream.js";
import type { Spec } from "../front/operations.js";
import { operationsOf } from "../front/operations.js";
import { bodyTooLarge, errorCodes } from "../protocol/errors.js";
import { parseProxyBase } from "./pass-through-options.js";

export interface ProxyOptions {
  /** the upstream's base URL, e.g. https://api.postmarkapp.com */
  upstream: string;
  spec: Spec;
  /** write each exchange as a cassette into this folder */
  recordDir?: string;
  /** how long the upstream may take to answer (default 60 s) */
  timeoutMs?: number;
}

/** What the adapter logs for the request: its status and a note. */
export interface Outcome {
  status: number;
  note?: string;
}

export interface PassThrough {
  /** answers one request of Postmark's API; `extraHeaders` (CORS) go on the answer */
  handle(request: IncomingMessage, response: ServerResponse, extraHeaders: Record<string, string>): Promise<Outcome>;
  /** what the proxy found, for the mock API; absent when replaying */
  readonly mismatches: MismatchLog | undefined;
  /** for the start-up line */
  readonly description: string;
}

const tokenHeaders = ["x-postmark-server-token", "x-postmark-account-token"];

export function createProxy(options: ProxyOptions): PassThrough {
  const base = parseProxyBase(options.upstream);
  const upstream = base.href.replace(/\/$/, "");
  const check: SpecCheck = createSpecCheck(options.spec);
  const mismatches = createMismatchLog(upstream);
  const write = options.recordDir ? createCassetteWriter(options.recordDir) : undefined;
  const maxBodyBytes = largestBodyLimit(options.spec);
  const timeoutMs = options.timeoutMs ?? 60_000;

  return {
    mismatches,
    description: `proxy to ${upstream}, checked against the spec${options.recordDir ? `, recording to ${options.recordDir}` : ""}`,
    async handle(request, response, extraHeaders) {
      const secrets = tokenHeaders.map((name) => request.headers[name]).filter((value): value is string => typeof value === "string");
      const redactor = createRedactor(addressHash, secrets);
      const body = await readRawBody(request, maxBodyBytes);
      if (!body) {
        const refusal = bodyTooLarge(maxBodyBytes);
        return answerJson(response, refusal.status, refusal.body(), { ...extraHeaders, connection: "close" });
      }
      let answer;
      try {
        answer = await forward(base, { method: request.method ?? "GET", url: request.url ?? "/", headers: request.headers, body }, { timeoutMs, maxAnswerBytes: 256 * 1024 * 1024 });
      } catch (error) {
        const reason = error instanceof UpstreamError ? error.message : String(error);
        return answerJson(response, 502, { ErrorCode: errorCodes.notFound, Message: `The upstream ${upstream} could not be reached: ${redactor.text(reason)}.` }, extraHeaders);
      }
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers[name] = value;
      response.writeHead(answer.status, { ...headers, ...extraHeaders, "content-length": answer.body.length });
      response.end(request.method?.toUpperCase() === "HEAD" ? undefined : answer.body);

      const flat = (headers: Record<string, string | string[] | undefined>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]));
      const encoding = flat(answer.headers)["content-encoding"];
      const exchange = {
        method: request.method ?? "GET",
        url: request.url ?? "/",
        requestHeaders: flat(request.headers),
        requestBody: body.toString("utf8"),
        status: answer.status,
        responseHeaders: flat(answer.headers),
        responseBody: decodeBody(answer.body, encoding) ?? "",
      };
      const { operationId, findings } = await check(exchange);
      const at = new Date().toISOString();
      const messages = findings.map((finding) => redactor.text(finding.message));
      mismatches.add(
        findings.map((finding, index) => ({ At: at, Method: exchange.method, Path: exchange.url, OperationId: operationId ?? null, Status: answer.status, Kind: finding.kind, Field: finding.field, Message: messages[index]! })),
      );
      let note = findings.length > 0 ? redactor.text(mismatchNote(findings)) : undefined;
      if (write) {
        try {
          write(makeCassette({ ...exchange, responseHeaders: { ...exchange.responseHeaders, "content-encoding": undefined } }, redactor, { upstream, recordedAt: at, operationId, mismatches: messages }));
        } catch (error) {
          note = [note, `not recorded: ${(error as NodeJS.ErrnoException).code ?? String(error)}`].filter(Boolean).join("; ");
        }
      }
      return { status: answer.status, ...(note ? { note } : {}) };
    },
  };
}

export function createReplay(dir: string, spec: Spec): PassThrough {
  const replayer: Replayer = createReplayer(readCassettes(dir), createRedactor(addressHash), dir);
  const maxBodyBytes = largestBodyLimit(spec);
  return {
    mismatches: undefined,
    description: `replaying ${replayer.size} recorded exchange(s) from ${dir}`,
    async handle(request, response, extraHeaders) {
      const body = await readRawBody(request, maxBodyBytes);
      if (!body) {
        const refusal = bodyTooLarge(maxBodyBytes);
        return answerJson(response, refusal.status, refusal.body(), { ...extraHeaders, connection: "close" });
      }
      const answer = replayer.answer(request.method ?? "GET", request.url ?? "/", body.toString("utf8"));
      const bytes = Buffer.from(answer.body, "utf8");
      response.writeHead(answer.status, { ...answer.headers, ...extraHeaders, "content-length": bytes.length });
      response.end(request.method?.toUpperCase() === "HEAD" ? undefined : bytes);
      return { status: answer.status, ...(answer.recorded ? {} : { note: "no recorded exchange matches" }) };
    },
  };
}

/** The largest body any operation of the spec takes: the proxy reads no more than that. */
function largestBodyLimit(spec: Spec): number {
  return Math.max(...operationsOf(spec).map((operation) => operation.maxBodyBytes));
}

/** The request's body bytes, or undefined past `maxBytes` (the rest is drained). */
async function readRawBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function answerJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): Outcome {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  response.end(text);
  return { status };
}
