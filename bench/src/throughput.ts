// Client request overhead: each client sends `count` emails to the fixed local server, one at a
// time and with 32 in flight. Every measurement is a fresh child process (so its CPU time and RSS
// are the client's alone) that warms up first; rounds interleave the clients in a rotating order.
import { clientKinds, type ClientKind } from "./clients.js";
import { src } from "./paths.js";
import { runWorker, startHelper } from "./processes.js";
import { ratio, rotate, summarizeFields, type Summary } from "./stats.js";
import type { ThroughputRun } from "./throughput-worker.js";

export const concurrencies = [1, 32];
const fields = ["requestsPerSecond", "p50Ms", "p99Ms", "cpuMicrosPerRequest", "peakRssBytes"] as const;

export type ClientFigures = Record<(typeof fields)[number], Summary> & { throughputVsFetch: number; cpuVsFetch: number };

export interface ThroughputResult {
  rounds: number;
  count: number;
  warmup: number;
  summary: Record<number, Record<ClientKind, ClientFigures>>;
  runs: ThroughputRun[];
}

export async function measureThroughput({ rounds, count, warmup, log }: { rounds: number; count: number; warmup: number; log: (line: string) => void }): Promise<ThroughputResult> {
  const server = await startHelper(src("fixed-server.js"));
  const runs: ThroughputRun[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const concurrency of concurrencies) {
        for (const kind of rotate(clientKinds, round)) {
          runs.push(await runWorker<ThroughputRun>(src("throughput-worker.js"), [kind, server.url, count, concurrency, warmup]));
        }
      }
      log(`throughput: round ${round + 1}/${rounds}`);
    }
  } finally {
    await server.stop();
  }
  const summary: ThroughputResult["summary"] = {};
  for (const concurrency of concurrencies) {
    const byKind = Object.fromEntries(
      clientKinds.map((kind) => [kind, summarizeFields(runs.filter((run) => run.kind === kind && run.concurrency === concurrency), fields)]),
    ) as Record<ClientKind, Record<(typeof fields)[number], Summary>>;
    // Relative to plain fetch, the floor every client here is built on.
    const base = byKind.fetch;
    summary[concurrency] = Object.fromEntries(
      clientKinds.map((kind) => {
        const figures = byKind[kind];
        return [
          kind,
          {
            ...figures,
            throughputVsFetch: ratio(figures.requestsPerSecond.median, base.requestsPerSecond.median),
            cpuVsFetch: ratio(figures.cpuMicrosPerRequest.median, base.cpuMicrosPerRequest.median),
          },
        ];
      }),
    ) as Record<ClientKind, ClientFigures>;
  }
  return { rounds, count, warmup, summary, runs };
}
