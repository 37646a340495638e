// One client measurement in a fresh process: warm up, then send `count` emails with `concurrency`
// in flight, and report throughput, latency, this process's CPU time per request and peak RSS.
import { createSender, importClient } from "./clients.js";
import { runLoad } from "./load.js";
import { percentile } from "./stats.js";

export interface ThroughputRun {
  kind: string;
  concurrency: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  peakRssBytes: number;
}

const [kind = "", baseUrl = "", count, concurrency, warmup] = process.argv.slice(2);
const send = createSender(kind, await importClient(kind), baseUrl);

await runLoad(send, { count: Number(warmup), concurrency: Number(concurrency) });
(globalThis as { gc?: () => void }).gc?.();

const cpuBefore = process.cpuUsage();
const load = await runLoad(send, { count: Number(count), concurrency: Number(concurrency) });
const cpu = process.cpuUsage(cpuBefore);

if (load.errors > 0) throw new Error(`${kind}: ${load.errors} of ${load.completed} sends failed; first: ${load.firstError}`);
const report: ThroughputRun = {
  kind,
  concurrency: Number(concurrency),
  requests: load.completed,
  requestsPerSecond: load.completed / load.seconds,
  p50Ms: percentile(load.latenciesMs, 50),
  p99Ms: percentile(load.latenciesMs, 99),
  cpuMicrosPerRequest: (cpu.user + cpu.system) / load.completed,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
};
process.send?.(report, () => process.exit(0));
