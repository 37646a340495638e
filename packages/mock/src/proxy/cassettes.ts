// Cassettes: one recorded exchange with Postmark's API per JSON file, redacted, and the replayer
// that answers requests from them. A request finds its recordings by method, path (without regard
// to case or a trailing slash, as Postmark routes), query (parameters in any order) and body (JSON
// compared by value, not spelling), each redacted as at recording time. When one request was
// recorded several times (a list before and after a send), the recordings answer in the order they
// were made, the last one repeating. Portable: reading and writing files is the adapter's part.
import { safeDecode } from "../front/target.js";
import { errorCodes } from "../protocol/errors.js";
import type { Redactor } from "./redact.js";
import type { Exchange } from "./spec-check.js";

export const cassetteVersion = 1;

export interface Cassette {
  version: typeof cassetteVersion;
  recordedAt: string;
  upstream: string;
  operationId: string | null;
  request: { method: string; path: string; query: string; headers: Record<string, string>; body?: unknown; bodyText?: string };
  response: { status: number; headers: Record<string, string>; body?: unknown; bodyText?: string };
  /** what the spec check found, as the log said it */
  mismatches: string[];
}

/** Response headers that describe the connection or the encoding of bytes a cassette does not keep. */
const unkeptResponseHeaders = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "date", "set-cookie", "proxy-connection", "upgrade", "trailer"]);
/** Request headers that say nothing about the request itself. */
const unkeptRequestHeaders = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host", "proxy-connection", "upgrade", "te", "trailer"]);

export function makeCassette(exchange: Exchange, redactor: Redactor, facts: { upstream: string; recordedAt: string; operationId: string | undefined; mismatches: string[] }): Cassette {
  const [path = "", query = ""] = splitTarget(exchange.url);
  const keep = (headers: Record<string, string | undefined>, unkept: Set<string>) => redactor.headers(Object.fromEntries(Object.entries(headers).filter(([name]) => !unkept.has(name.toLowerCase()))));
  return {
    version: cassetteVersion,
    recordedAt: facts.recordedAt,
    upstream: facts.upstream,
    operationId: facts.operationId ?? null,
    request: { method: exchange.method.toUpperCase(), path: redactor.text(safeDecode(path)), query: redactQuery(query, redactor), headers: keep(exchange.requestHeaders, unkeptRequestHeaders), ...bodyOf(exchange.requestBody, redactor) },
    response: { status: exchange.status, headers: keep(exchange.responseHeaders, unkeptResponseHeaders), ...bodyOf(exchange.responseBody, redactor) },
    mismatches: facts.mismatches.map(redactor.text),
  };
}

/** What a request is matched on, redacted and normalised: the same text for the recording and for the replayed request. */
export function matchKey(method: string, url: string, body: string, redactor: Redactor): string {
  const [path = "", query = ""] = splitTarget(url);
  return requestKey(method, redactor.text(safeDecode(path)), redactQuery(query, redactor), bodyOf(body, redactor));
}

function requestKey(method: string, path: string, query: string, body: { body?: unknown; bodyText?: string }): string {
  const route = path.toLowerCase().replace(/\/+$/, "") || "/";
  const params = [...new URLSearchParams(query)].map(([name, value]) => `${name.toLowerCase()}=${value}`).sort();
  const content = body.body !== undefined ? canonicalJson(body.body) : (body.bodyText ?? "");
  return `${method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase()} ${route}?${params.join("&")}\n${content}`;
}

export interface ReplayAnswer {
  /** false when no recording matched: the answer is a 404 that says so */
  recorded: boolean;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Replayer {
  readonly size: number;
  answer(method: string, url: string, body: string): ReplayAnswer;
}

export function createReplayer(cassettes: readonly Cassette[], redactor: Redactor, where: string): Replayer {
  const byKey = new Map<string, Cassette[]>();
  const byRoute = new Map<string, number>();
  for (const cassette of [...cassettes].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))) {
    const key = requestKey(cassette.request.method, cassette.request.path, cassette.request.query, cassette.request);
    byKey.set(key, [...(byKey.get(key) ?? []), cassette]);
    const route = key.slice(0, key.indexOf("?"));
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
  }
  const played = new Map<string, number>();
  return {
    size: cassettes.length,
    answer(method, url, body) {
      const key = matchKey(method, url, body, redactor);
      const recordings = byKey.get(key);
      if (!recordings) {
        const route = key.slice(0, key.indexOf("?"));
        const others = byRoute.get(route) ?? 0;
        const request = `${method.toUpperCase()} ${redactor.text(url)}`;
        const hint = others > 0 ? ` ${others} recording(s) of ${route} differ in their query or body.` : "";
        const message = `No recorded exchange in ${where} matches ${request}.${hint} Record it with --proxy <base-url> --record ${where}.`;
        return { recorded: false, status: 404, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify({ ErrorCode: errorCodes.notFound, Message: message }) };
      }
      const turn = played.get(key) ?? 0;
      played.set(key, turn + 1);
      const recording = recordings[Math.min(turn, recordings.length - 1)]!;
      const { response } = recording;
      const text = response.body !== undefined ? JSON.stringify(response.body) : (response.bodyText ?? "");
      return { recorded: true, status: response.status, headers: { ...response.headers }, body: text };
    },
  };
}

/** Whether a parsed file is a cassette this version reads. */
export function isCassette(value: unknown): value is Cassette {
  const candidate = value as Partial<Cassette> | null;
  return Boolean(candidate && typeof candidate === "object" && candidate.version === cassetteVersion && candidate.request && candidate.response && typeof candidate.response.status === "number");
}

/** A readable file name that sorts in recording order: time, a counter, method and path. */
export function cassetteFileName(cassette: Cassette, sequence: number): string {
  const time = cassette.recordedAt.replace(/[-:]/g, "").replace(/\.(\d+)Z$/, "$1Z");
  const slug = cassette.request.path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "root";
  return `${time}-${String(sequence).padStart(4, "0")}-${cassette.request.method.toLowerCase()}-${slug}.json`;
}

function bodyOf(text: string, redactor: Redactor): { body?: unknown; bodyText?: string } {
  if (text.trim() === "") return {};
  try {
    return { body: redactor.json(JSON.parse(text)) };
  } catch {
    return { bodyText: redactor.text(text) };
  }
}

function redactQuery(query: string, redactor: Redactor): string {
  if (query === "") return "";
  const params = new URLSearchParams(query);
  const redactedParams = new URLSearchParams();
  for (const [name, value] of params) redactedParams.append(name, redactor.text(value));
  return redactedParams.toString();
}

/** JSON with object keys sorted, so that two spellings of one value compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function splitTarget(url: string): [string, string] {
  const at = url.indexOf("?");
  return at === -1 ? [url, ""] : [url.slice(0, at), url.slice(at + 1)];
}

