// One client measurement in a fresh process: warm up, then send `count` emails with `concurrency`
// in flight, and report throughput, latency, this process's CPU time per request and peak RSS.
// `node throughput-worker.js <client> <url> <count> <concurrency> <warmup> [<middleware>]`: with
// middleware 1 the client carries one middleware that sets a header on the way out and reads the
// status on the way back, the least a tracing or logging middleware does.
import type { Middleware } from "@postmark-openapi/client";
import { createSender, importClient } from "./clients.js";
import { measureSends, type SendFigures } from "./client-run.js";

export type ThroughputRun = SendFigures & {
  kind: string;
  /** how many middleware the client carried */
  middleware: number;
};

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
const label = `${kind}${middleware.length > 0 ? ` with ${middleware.length} middleware` : ""}`;
const figures = await measureSends(send, { count: Number(count), concurrency: Number(concurrency), warmup: Number(warmup), label });

// The middleware must really have run on every request, or the figures would flatter it.
const expected = middleware.length * (Number(warmup) + figures.requests);
if (seenResponses !== expected) throw new Error(`${label}: the middleware saw ${seenResponses} responses, expected ${expected}`);
const report: ThroughputRun = { kind, middleware: middleware.length, ...figures };
process.send?.(report, () => process.exit(0));
