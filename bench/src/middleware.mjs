// Middleware cost: our client and openapi-fetch, each without middleware and with one, sending
// emails to the fixed-answer server one at a time and 32 in flight. Every run is a fresh process
// (src/middleware-worker.mjs); rounds interleave the variants in a rotating order.
import { src } from "./paths.mjs";
import { runWorker, startHelper } from "./processes.mjs";
import { ratio, rotate, summarizeFields } from "./stats.mjs";

export const middlewareVariants = ["ours:0", "ours:1", "openapi-fetch:0", "openapi-fetch:1"];
const concurrencies = [1, 32];
const fields = ["requestsPerSecond", "p50Ms", "p99Ms", "cpuMicrosPerRequest"];
const clientLabels = { ours: "ours (`@postmark-openapi/client`)", "openapi-fetch": "openapi-fetch alone" };

export async function measureMiddleware({ rounds, count, warmup, log }) {
  const server = await startHelper(src("fixed-server.mjs"));
  const runs = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const concurrency of concurrencies) {
        for (const variant of rotate(middlewareVariants, round)) {
          runs.push(await runWorker(src("middleware-worker.mjs"), [variant, server.url, count, concurrency, warmup]));
        }
      }
      log(`middleware: round ${round + 1}/${rounds}`);
    }
  } finally {
    await server.stop();
  }
  const summary = {};
  for (const concurrency of concurrencies) {
    summary[concurrency] = {};
    for (const variant of middlewareVariants) {
      summary[concurrency][variant] = summarizeFields(runs.filter((run) => run.variant === variant && run.concurrency === concurrency), fields);
    }
    // What one middleware adds to the same client, and how our client compares with openapi-fetch.
    for (const variant of middlewareVariants) {
      const [kind] = variant.split(":");
      const figures = summary[concurrency][variant];
      const without = summary[concurrency][`${kind}:0`];
      figures.cpuVsNoMiddleware = ratio(figures.cpuMicrosPerRequest.median, without.cpuMicrosPerRequest.median);
      figures.cpuMicrosAddedByMiddleware = figures.cpuMicrosPerRequest.median - without.cpuMicrosPerRequest.median;
      figures.cpuVsOpenapiFetch = ratio(figures.cpuMicrosPerRequest.median, summary[concurrency][`openapi-fetch:${variant.split(":")[1]}`].cpuMicrosPerRequest.median);
    }
  }
  return { rounds, count, warmup, concurrencies, summary, runs };
}

const integer = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a");
const fixed2 = (value) => (Number.isFinite(value) ? value.toFixed(2) : "n/a");
const times = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "n/a");
const spread = (summary, format) => (summary.runs.length > 1 ? `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})` : format(summary.median));
const signed = (value) => (Number.isFinite(value) ? `${value >= 0 ? "+" : "−"}${integer(Math.abs(value))}` : "n/a");

export function middlewareSection(middleware) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const header = ["Client", "Middleware", "In flight", "Requests/s", "p50 ms", "p99 ms", "Client CPU µs/request", "CPU added µs", "CPU vs no middleware", "CPU vs openapi-fetch"];
  const rows = [];
  for (const concurrency of middleware.concurrencies) {
    for (const variant of middlewareVariants) {
      const [kind, count] = variant.split(":");
      const figures = middleware.summary[concurrency][variant];
      rows.push(line([
        clientLabels[kind],
        count === "1" ? "one" : "none",
        concurrency,
        spread(figures.requestsPerSecond, integer),
        spread(figures.p50Ms, fixed2),
        spread(figures.p99Ms, fixed2),
        spread(figures.cpuMicrosPerRequest, integer),
        count === "1" ? signed(figures.cpuMicrosAddedByMiddleware) : "",
        count === "1" ? times(figures.cpuVsNoMiddleware) : "",
        times(figures.cpuVsOpenapiFetch),
      ]));
    }
  }
  return [
    "## Middleware",
    `${middleware.count.toLocaleString("en-US")} sends (POST /email) per run after ${middleware.warmup} warm-up sends, against the fixed-answer server; each run is a fresh client process; ${middleware.rounds} rounds. "One" middleware sets a header in onRequest and reads the status in onResponse, the least a tracing or logging middleware does. Without middleware our client builds no Request objects; the client request overhead table above compares that path with plain fetch and the official client.`,
    [line(header), line(header.map(() => "---")), ...rows].join("\n"),
  ];
}
