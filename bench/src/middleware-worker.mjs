// One middleware measurement in a fresh process: our client or openapi-fetch, with no middleware
// or with one (a header added on the way out, the status read on the way back, as tracing or
// logging does at least), sends `count` emails to the fixed server after a warm-up. Reports
// throughput, latency and this process's CPU time per request.
import { runLoad } from "./load.mjs";
import { message, serverToken } from "./payloads.mjs";
import { percentile } from "./stats.mjs";

const [variant, baseUrl, count, concurrency, warmup] = process.argv.slice(2);
const [kind, middlewareCount] = variant.split(":");

let seenResponses = 0;
const tracing = {
  onRequest({ request, id }) {
    request.headers.set("X-Request-Id", id);
    return request;
  },
  onResponse({ response }) {
    if (response.status > 0) seenResponses++;
  },
};

async function createSend() {
  if (kind === "ours") {
    const { createPostmarkClient } = await import("@postmark-openapi/client");
    const client = createPostmarkClient({ serverToken, baseUrl });
    if (middlewareCount === "1") client.use(tracing);
    return () => client.sendEmail({ body: message });
  }
  if (kind === "openapi-fetch") {
    const createClient = (await import("openapi-fetch")).default;
    const client = createClient({ baseUrl, headers: { Accept: "application/json", "X-Postmark-Server-Token": serverToken } });
    if (middlewareCount === "1") client.use(tracing);
    return async () => {
      const { data, error } = await client.POST("/email", { body: message });
      if (error !== undefined) throw new Error(`Postmark error: ${JSON.stringify(error)}`);
      return data;
    };
  }
  throw new Error(`Unknown client: ${kind}`);
}

const send = await createSend();
await runLoad(send, { count: Number(warmup), concurrency: Number(concurrency) });
globalThis.gc?.();

const cpuBefore = process.cpuUsage();
const load = await runLoad(send, { count: Number(count), concurrency: Number(concurrency) });
const cpu = process.cpuUsage(cpuBefore);

if (load.errors > 0) throw new Error(`${variant}: ${load.errors} of ${load.completed} sends failed; first: ${load.firstError}`);
// The middleware must really have run on every request, or the figures would flatter it.
const expected = middlewareCount === "1" ? Number(warmup) + load.completed : 0;
if (seenResponses !== expected) throw new Error(`${variant}: the middleware saw ${seenResponses} responses, expected ${expected}`);
process.send?.({
  variant,
  concurrency: Number(concurrency),
  requests: load.completed,
  requestsPerSecond: load.completed / load.seconds,
  p50Ms: percentile(load.latenciesMs, 50),
  p99Ms: percentile(load.latenciesMs, 99),
  cpuMicrosPerRequest: (cpu.user + cpu.system) / load.completed,
}, () => process.exit(0));
