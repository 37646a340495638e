// The mock API over Node's HTTP server: answers /__mock/api (the event stream included), and
// carries out faults on Postmark's API: a status answer, a delay before the usual answer, or a
// dropped connection.
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Emulator } from "../core/emulator.js";
import { createControlApi, mockApiPrefix, type ControlApi, type ControlResponse } from "../control/control.js";
import type { RequestTarget } from "../front/target.js";
import type { DeliveryLog } from "../control/delivery-log.js";

/** dist/mock-api.json of this package, whether this module runs compiled (dist/src/http) or from source (src/http). */
const packageOrDist = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const mockApiFile = basename(packageOrDist) === "dist" ? join(packageOrDist, "mock-api.json") : join(packageOrDist, "dist", "mock-api.json");

const maxBodyBytes = 25 * 1024 * 1024;
const heartbeatMs = 15_000;
const jsonType = "application/json; charset=utf-8";

export interface ControlAdapterOptions {
  emulator: Emulator;
  deliveryLog?: DeliveryLog | undefined;
  log: (line: string) => void;
  /** the bundled mock API document; default dist/mock-api.json */
  documentFile?: string;
  /** event streams open at once (default 64); one more is answered 429 */
  maxStreams?: number;
  /** what an event stream may have waiting to be written (default 1 MiB); a client that falls further behind is dropped */
  maxStreamBacklogBytes?: number;
}

export interface ControlAdapter {
  api: ControlApi;
  /**
   * Answers a mock API request, or a Postmark API request that meets a fault, and resolves true;
   * resolves false when the request is the front's to answer (after any delay a fault asked for).
   */
  intercept(request: IncomingMessage, response: ServerResponse, target: RequestTarget, cors: Record<string, string>): Promise<boolean>;
  /** ends the open event streams */
  close(): void;
}

export function createControlAdapter(options: ControlAdapterOptions): ControlAdapter {
  const document = JSON.parse(readFileSync(options.documentFile ?? mockApiFile, "utf8")) as Record<string, unknown>;
  const api = createControlApi({ document, emulator: options.emulator, ...(options.deliveryLog ? { deliveryLog: options.deliveryLog } : {}) });
  const maxStreams = options.maxStreams ?? 64;
  const maxBacklog = options.maxStreamBacklogBytes ?? 1024 * 1024;
  const streams = new Set<() => void>();

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: RequestTarget, cors: Record<string, string>): Promise<void> {
    const started = performance.now();
    const method = (request.method ?? "GET").toUpperCase();
    const logLine = (status: number, note?: string) => options.log(`${method} ${request.url} ${status} ${(performance.now() - started).toFixed(1)}ms${note ? ` (${note})` : ""}`);
    const refuse = (status: number, errorCode: number, message: string, headers: Record<string, string> = {}) => {
      request.resume();
      const body = JSON.stringify({ ErrorCode: errorCode, Message: message });
      response.writeHead(status, { ...cors, ...headers, "content-type": jsonType, "content-length": Buffer.byteLength(body) });
      response.end(body);
      logLine(status);
    };
    // A body is JSON, said so: a page elsewhere cannot send that without a CORS preflight.
    const contentType = request.headers["content-type"];
    if (hasBody(request) && !(contentType && /^application\/json\s*(;|$)/i.test(contentType))) {
      return refuse(415, 409, `Send the body as JSON with "Content-Type: application/json"${contentType ? `, not "${contentType}"` : "; this request has no Content-Type header"}.`, { connection: "close" });
    }
    let body = "";
    try {
      body = await readBody(request);
    } catch {
      return refuse(413, 300, `The request body is larger than the ${maxBodyBytes / 1024 / 1024} MB the mock API accepts.`, { connection: "close" });
    }
    // HEAD is answered wherever GET is, without the body (Node leaves it out).
    const answer = await api.handle({ method: method === "HEAD" ? "GET" : method, path: url.pathname.slice(mockApiPrefix.length) || "/", query: url.searchParams, body });
    if ("events" in answer) {
      if (method === "HEAD") {
        response.writeHead(answer.status, { ...cors, ...answer.headers }).end();
        return logLine(answer.status);
      }
      if (streams.size >= maxStreams) return refuse(429, 429, `${maxStreams} event streams are open already; close one (a browser tab on the inbox page holds one) and try again.`, { "retry-after": "5" });
      return openStream(response, answer, cors, () => logLine(answer.status));
    }
    const payload = typeof answer.body === "string" ? Buffer.from(answer.body, "utf8") : answer.body;
    response.writeHead(answer.status, { ...cors, ...answer.headers, "content-length": payload.byteLength });
    response.end(payload);
    logLine(answer.status, answer.failure ? `unexpected error: ${answer.failure}` : undefined);
  }

  function openStream(response: ServerResponse, answer: Extract<ControlResponse, { events: unknown }>, cors: Record<string, string>, logged: () => void): void {
    response.writeHead(answer.status, { ...cors, ...answer.headers });
    response.write("retry: 1000\n: connected\n\n");
    // A client that stops reading is dropped rather than buffered for: it reconnects when it reads again.
    const send = (frame: string) => {
      if (response.writableLength > maxBacklog) {
        options.log(`event stream dropped: the client fell ${Math.round(response.writableLength / 1024)} KiB behind`);
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
    logged();
  }

  return {
    api,
    async intercept(request, response, url, cors) {
      const lower = url.pathname.toLowerCase();
      if (lower === mockApiPrefix || lower.startsWith(`${mockApiPrefix}/`)) {
        await serveApi(request, response, url, cors);
        return true;
      }
      // The inbox page and anything else under /__mock is not Postmark's API: no faults there.
      if (lower.startsWith("/__mock/") || lower === "/__mock") return false;
      const fault = api.faults.take(request.method ?? "GET", url.pathname);
      if (!fault) return false;
      if (fault.kind === "delay") {
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return false;
      }
      if (fault.kind === "drop") {
        options.log(`${request.method} ${request.url} dropped (fault)`);
        request.socket.destroy();
        return true;
      }
      request.resume();
      response.writeHead(fault.status, { ...cors, ...fault.headers, "content-type": jsonType, "content-length": Buffer.byteLength(fault.body) });
      response.end(fault.body);
      options.log(`${request.method} ${request.url} ${fault.status} (fault)`);
      return true;
    },
    close() {
      for (const end of [...streams]) end();
    },
  };
}

/** Whether the request carries a body (a length above zero, or a chunked one). */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  if (length !== undefined) return Number(length) > 0;
  return request.headers["transfer-encoding"] !== undefined;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Error("too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
