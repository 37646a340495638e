// Client request overhead: each client sends `count` emails to the fixed local server, one at a
// time and with 32 in flight. Every measurement is a fresh child process (so its CPU time and RSS
// are the client's alone) that warms up first; rounds interleave the clients in a rotating order.
import { clientKinds } from "./clients.mjs";
import { src } from "./paths.mjs";
import { runWorker, startHelper } from "./processes.mjs";
import { ratio, rotate, summarizeFields } from "./stats.mjs";

export const concurrencies = [1, 32];
const fields = ["requestsPerSecond", "p50Ms", "p99Ms", "cpuMicrosPerRequest", "peakRssBytes"];

export async function measureThroughput({ rounds, count, warmup, log }) {
  const server = await startHelper(src("fixed-server.mjs"));
  const runs = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const concurrency of concurrencies) {
        for (const kind of rotate(clientKinds, round)) {
          runs.push(await runWorker(src("throughput-worker.mjs"), [kind, server.url, count, concurrency, warmup]));
        }
      }
      log(`throughput: round ${round + 1}/${rounds}`);
    }
  } finally {
    await server.stop();
  }
  const summary = {};
  for (const concurrency of concurrencies) {
    summary[concurrency] = {};
    for (const kind of clientKinds) {
      summary[concurrency][kind] = summarizeFields(runs.filter((run) => run.kind === kind && run.concurrency === concurrency), fields);
    }
    // Relative to plain fetch, the floor every client here is built on.
    const base = summary[concurrency].fetch;
    for (const kind of clientKinds) {
      const figures = summary[concurrency][kind];
      figures.throughputVsFetch = ratio(figures.requestsPerSecond.median, base.requestsPerSecond.median);
      figures.cpuVsFetch = ratio(figures.cpuMicrosPerRequest.median, base.cpuMicrosPerRequest.median);
    }
  }
  return { rounds, count, warmup, summary, runs };
}
