// One client measurement in a fresh process: warm up, then send `count` emails with `concurrency`
// in flight, and report throughput, latency, this process's CPU time per request and peak RSS.
// `node throughput-worker.js <client> <url> <count> <concurrency> <warmup> [<middleware>]`: with
// middleware 1 the client carries one middleware that sets a header on the way out and reads the
// status on the way back, the least a tracing or logging middleware does.
import type { Middleware } from "@postmark-openapi/client";
import { createSender, importClient } from "./clients.js";
import { runLoad } from "./load.js";
import { percentile } from "./stats.js";

export interface ThroughputRun {
  kind: string;
  /** how many middleware the client carried */
  middleware: number;
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  peakRssBytes: number;
}

const [kind = "", baseUrl = "", count, concurrency, warmup, middlewareCount = "0"] = process.argv.slice(2);

let seenResponses = 0;
const tracing: Middleware = {
  onRequest({ request, id }) {
    request.headers.set("X-Request-Id", id);
    return request;
  },
  onResponse({ response }) {
    if (response.status > 0) seenResponses++;
    return undefined;
  },
};
const middleware = Array.from({ length: Number(middlewareCount) }, () => tracing);
const send = createSender(kind, await importClient(kind), baseUrl, middleware);

await runLoad(send, { count: Number(warmup), concurrency: Number(concurrency) });
(globalThis as { gc?: () => void }).gc?.();

const cpuBefore = process.cpuUsage();
const load = await runLoad(send, { count: Number(count), concurrency: Number(concurrency) });
const cpu = process.cpuUsage(cpuBefore);

const label = `${kind}${middleware.length > 0 ? ` with ${middleware.length} middleware` : ""}`;
if (load.errors > 0) throw new Error(`${label}: ${load.errors} of ${load.completed} sends failed; first: ${load.firstError}`);
// The middleware must really have run on every request, or the figures would flatter it.
const expected = middleware.length * (Number(warmup) + load.completed);
if (seenResponses !== expected) throw new Error(`${label}: the middleware saw ${seenResponses} responses, expected ${expected}`);
const report: ThroughputRun = {
  kind,
  middleware: middleware.length,
  concurrency: Number(concurrency),
  requests: load.completed,
  requestsPerSecond: load.completed / load.seconds,
  p50Ms: percentile(load.latenciesMs, 50),
  p99Ms: percentile(load.latenciesMs, 99),
  cpuMicrosPerRequest: (cpu.user + cpu.system) / load.completed,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
};
process.send?.(report, () => process.exit(0));
