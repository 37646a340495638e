// Client request overhead: each client sends `count` emails to the fixed local server, one at a
// time and with 32 in flight. Every measurement is a fresh child process (so its CPU time and RSS
// are the client's alone) that warms up first; rounds interleave the clients in a rotating order.
// The middleware benchmark (src/middleware.ts) runs its variants through the same rounds.
import { clientKinds, type ClientKind } from "./clients.js";
import { src } from "./paths.js";
import { runWorker, startHelper } from "./processes.js";
import { ratio, rotate, summarizeFields, type Summary } from "./stats.js";
import type { ThroughputRun } from "./throughput-worker.js";

export const concurrencies = [1, 32];
const fields = ["requestsPerSecond", "p50Ms", "p99Ms", "cpuMicrosPerRequest", "peakRssBytes"] as const;

export type RunFigures = Record<(typeof fields)[number], Summary>;

export type ClientFigures = RunFigures & { throughputVsFetch: number; cpuVsFetch: number };

/** One contender of a client benchmark: a client, and how many middleware it carries. */
export interface ClientVariant {
  kind: ClientKind;
  middleware: number;
}

export interface RoundSettings {
  rounds: number;
  count: number;
  warmup: number;
  log: (line: string) => void;
}

export interface ThroughputResult {
  rounds: number;
  count: number;
  warmup: number;
  summary: Record<number, Record<ClientKind, ClientFigures>>;
  runs: ThroughputRun[];
}

/**
 * Runs every variant once per round and concurrency against one fixed-answer server, each in a
 * fresh worker process, in a new order each round; `name` labels the progress lines.
 */
export async function runClientRounds(name: string, variants: readonly ClientVariant[], { rounds, count, warmup, log }: RoundSettings): Promise<ThroughputRun[]> {
  const server = await startHelper(src("fixed-server.js"));
  const runs: ThroughputRun[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const concurrency of concurrencies) {
        for (const { kind, middleware } of rotate(variants, round)) {
          runs.push(await runWorker<ThroughputRun>(src("throughput-worker.js"), [kind, server.url, count, concurrency, warmup, middleware]));
        }
      }
      log(`${name}: round ${round + 1}/${rounds}`);
    }
  } finally {
    await server.stop();
  }
  return runs;
}

/** The figures of one variant at one concurrency, summarized over the rounds. */
export function summarizeVariant(runs: readonly ThroughputRun[], { kind, middleware }: ClientVariant, concurrency: number): RunFigures {
  return summarizeFields(
    runs.filter((run) => run.kind === kind && run.middleware === middleware && run.concurrency === concurrency),
    fields,
  );
}

export async function measureThroughput(settings: RoundSettings): Promise<ThroughputResult> {
  const runs = await runClientRounds(
    "throughput",
    clientKinds.map((kind) => ({ kind, middleware: 0 })),
    settings,
  );
  const summary: ThroughputResult["summary"] = {};
  for (const concurrency of concurrencies) {
    const byKind = Object.fromEntries(clientKinds.map((kind) => [kind, summarizeVariant(runs, { kind, middleware: 0 }, concurrency)])) as Record<ClientKind, RunFigures>;
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
  return { rounds: settings.rounds, count: settings.count, warmup: settings.warmup, summary, runs };
}
