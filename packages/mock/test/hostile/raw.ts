// Requests as an attacker or a broken client writes them: bytes on a socket, whatever HTTP
// clients would refuse to send (odd targets, methods, Host headers, lengths that lie).
import { connect } from "node:net";
import { expect } from "vitest";
import { call } from "../support.js";

export interface RawAnswer {
  /** 0 when the connection closed without a status line */
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request line and headers (CRLF added, `Connection: close` appended) and an optional body. */
export function rawRequest(baseUrl: string, requestLine: string, headers: Record<string, string> = {}, body?: Buffer | string, options: RawOptions = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const lines = [requestLine, ...Object.entries({ Host: `${hostname}:${port}`, ...headers, Connection: "close" }).map(([name, value]) => `${name}: ${value}`)];
  return rawBytes(baseUrl, Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), typeof body === "string" ? Buffer.from(body) : (body ?? Buffer.alloc(0))]), options);
}

export interface RawOptions {
  /** read only up to the status line and headers (for answers that stay open) */
  headersOnly?: boolean;
  /**
   * keep the client's side of the connection open after the request, as HTTP clients do: Node's
   * server takes a half-close as the client going away, which drops an answer that takes time
   * (a long poll)
   */
  stayOpen?: boolean;
}

/**
 * Writes the bytes as they are and reads until the mock closes the connection, or, with
 * `headersOnly`, until the status line and headers have arrived (for answers that stay open).
 */
export function rawBytes(baseUrl: string, bytes: Buffer, { headersOnly = false, stayOpen = false }: RawOptions = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (headersOnly && Buffer.concat(chunks).includes("\r\n\r\n")) {
        resolve({ ...parse(Buffer.concat(chunks)), body: "" });
        socket.destroy();
      }
    });
    // The mock may answer and close before the whole request is written (413): what it said counts.
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? resolve(parse(Buffer.concat(chunks))) : reject(error)));
    socket.on("close", () => resolve(parse(Buffer.concat(chunks))));
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer within 10 s")));
    if (stayOpen) socket.write(bytes);
    else socket.end(bytes);
  });
}

function parse(data: Buffer): RawAnswer {
  const text = data.toString("latin1");
  const split = text.indexOf("\r\n\r\n");
  const head = split < 0 ? text : text.slice(0, split);
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rawBody = split < 0 ? Buffer.alloc(0) : data.subarray(Buffer.byteLength(head, "latin1") + 4);
  return { status, headers, body: (headers["transfer-encoding"] === "chunked" ? unchunk(rawBody) : rawBody).toString("utf8") };
}

function unchunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString("latin1"), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** Words that only a failure inside the mock would put in an answer. */
const internals = /Maximum call stack|RangeError|TypeError|ReferenceError|SyntaxError: Unexpected|node:internal|\bat \S+ \(|\/src\/|\.ts:\d+|\.js:\d+/;

/** A refusal a client can act on: a 4xx, JSON when there is a body, with a message and no internals. */
export function expectClearRefusal(answer: RawAnswer | { status: number; body: string }, statuses?: number[]): void {
  expect(answer.status, answer.body).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.body).toBeLessThan(500);
  if (statuses) expect(statuses, answer.body).toContain(answer.status);
  expect(answer.body).not.toMatch(internals);
}

export function expectNoInternals(text: string): void {
  expect(text).not.toMatch(internals);
}

/** The mock still answers an ordinary request. */
export async function expectStillAnswering(baseUrl: string): Promise<void> {
  const answer = await call(baseUrl, "GET", "/server", { headers: { "X-Postmark-Server-Token": "still-answering" } });
  expect(answer.status).toBe(200);
}
