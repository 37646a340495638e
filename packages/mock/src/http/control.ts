// The mock API over Node's HTTP server: answers /__mock/api (the event stream included), and
// carries out faults on Postmark's API: a status answer, a delay before the usual answer, or a
// dropped connection.
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Emulator } from "../core/emulator.js";
import { createControlApi, mockApiPrefix, type ControlApi } from "../control/control.js";
import type { DeliveryLog } from "../control/delivery-log.js";

/** dist/mock-api.json of this package, whether this module runs compiled (dist/src/http) or from source (src/http). */
const packageOrDist = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const mockApiFile = basename(packageOrDist) === "dist" ? join(packageOrDist, "mock-api.json") : join(packageOrDist, "dist", "mock-api.json");

const maxBodyBytes = 25 * 1024 * 1024;
const heartbeatMs = 15_000;
const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
  "access-control-allow-headers": "Accept, Content-Type",
  "access-control-max-age": "600",
};

export interface ControlAdapterOptions {
  emulator: Emulator;
  deliveryLog?: DeliveryLog | undefined;
  cors: boolean;
  log: (line: string) => void;
  /** the bundled mock API document; default dist/mock-api.json */
  documentFile?: string;
}

export interface ControlAdapter {
  api: ControlApi;
  /**
   * Answers a mock API request, or a Postmark API request that meets a fault, and resolves true;
   * resolves false when the request is the front's to answer (after any delay a fault asked for).
   */
  intercept(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /** ends the open event streams */
  close(): void;
}

export function createControlAdapter(options: ControlAdapterOptions): ControlAdapter {
  const document = JSON.parse(readFileSync(options.documentFile ?? mockApiFile, "utf8")) as Record<string, unknown>;
  const api = createControlApi({ document, emulator: options.emulator, ...(options.deliveryLog ? { deliveryLog: options.deliveryLog } : {}) });
  const cors: Record<string, string> = options.cors ? corsHeaders : {};
  const streams = new Set<() => void>();

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const started = performance.now();
    const method = (request.method ?? "GET").toUpperCase();
    const logLine = (status: number) => options.log(`${method} ${request.url} ${status} ${(performance.now() - started).toFixed(1)}ms`);
    if (options.cors && method === "OPTIONS") {
      response.writeHead(204, cors).end();
      return logLine(204);
    }
    let body = "";
    try {
      body = await readBody(request);
    } catch {
      request.resume();
      response.writeHead(413, { ...cors, "content-type": "application/json; charset=utf-8", connection: "close" });
      response.end(JSON.stringify({ ErrorCode: 300, Message: `The request body is larger than the ${maxBodyBytes / 1024 / 1024} MB the mock API accepts.` }));
      return logLine(413);
    }
    const answer = await api.handle({ method, path: url.pathname.slice(mockApiPrefix.length) || "/", query: url.searchParams, body });
    if ("events" in answer) {
      response.writeHead(answer.status, { ...cors, ...answer.headers });
      response.write("retry: 1000\n: connected\n\n");
      const unsubscribe = answer.events((frame) => response.write(frame));
      const heartbeat = setInterval(() => response.write(": keep-alive\n\n"), heartbeatMs);
      heartbeat.unref();
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(end);
        response.end();
      };
      streams.add(end);
      response.once("close", end);
      return logLine(answer.status);
    }
    const payload = typeof answer.body === "string" ? Buffer.from(answer.body, "utf8") : answer.body;
    response.writeHead(answer.status, { ...cors, ...answer.headers, "content-length": payload.byteLength });
    response.end(payload);
    logLine(answer.status);
  }

  return {
    api,
    async intercept(request, response) {
      const url = new URL(request.url ?? "/", "http://mock.invalid");
      const lower = url.pathname.toLowerCase();
      if (lower === mockApiPrefix || lower.startsWith(`${mockApiPrefix}/`)) {
        await serveApi(request, response, url);
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
      response.writeHead(fault.status, { ...cors, ...fault.headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(fault.body) });
      response.end(fault.body);
      options.log(`${request.method} ${request.url} ${fault.status} (fault)`);
      return true;
    },
    close() {
      for (const end of [...streams]) end();
    },
  };
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
