// The measured part of a client run, shared by the client benchmarks' workers: warm up, then send
// `count` emails with `concurrency` in flight, and report throughput, latency, this process's CPU
// time per request and its peak RSS.
import { runLoad } from "./load.js";
import { percentile } from "./stats.js";

export interface SendFigures {
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  peakRssBytes: number;
}

export async function measureSends(send: () => Promise<unknown>, { count, concurrency, warmup, label }: { count: number; concurrency: number; warmup: number; label: string }): Promise<SendFigures> {
  await runLoad(send, { count: warmup, concurrency });
  (globalThis as { gc?: () => void }).gc?.();

  const cpuBefore = process.cpuUsage();
  const load = await runLoad(send, { count, concurrency });
  const cpu = process.cpuUsage(cpuBefore);

  if (load.errors > 0) throw new Error(`${label}: ${load.errors} of ${load.completed} sends failed; first: ${load.firstError}`);
  return {
    concurrency,
    requests: load.completed,
    requestsPerSecond: load.completed / load.seconds,
    p50Ms: percentile(load.latenciesMs, 50),
    p99Ms: percentile(load.latenciesMs, 99),
    cpuMicrosPerRequest: (cpu.user + cpu.system) / load.completed,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
