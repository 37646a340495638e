// Load generator for the mock benchmark, in its own process so it does not share a CPU budget with
// the harness: `node load-worker.mjs '<json config>'`. An undici Pool keeps `concurrency`
// keep-alive connections to loopback (no pipelining), with that many requests in flight, bounded
// by a request count and a time limit. undici's client costs less CPU per request than node:http's,
// which leaves more of the machine to the server being measured; the generator's own CPU per request
// is reported too, and so is the whole machine's (every process on every core) over the measured
// requests, which says how much of the machine a server's requests/s took. Only answers with the
// expected status count as successes.
import { cpus } from "node:os";
import { Pool } from "undici";
import { runLoad } from "./load.js";
import { percentile } from "./stats.js";

export interface LoadConfig {
  url: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
  /** give every request its own body: the Subject gains the request's number */
  distinct?: boolean;
  expectStatus: number;
  concurrency: number;
  count: number;
  maxSeconds: number;
  warmup: number;
}

export interface LoadReport {
  requests: number;
  errors: number;
  firstError: string | undefined;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  generatorCpuMicrosPerRequest: number;
  /** busy CPU time of every core (all processes) over the measured requests, per request */
  machineCpuMicrosPerRequest: number;
  /** that busy time as a share of all the cores' time over the same span (0 to 1) */
  machineBusyShare: number;
}

/** What every core has spent busy so far (user, nice, system, interrupts), in µs. */
const machineBusyMicros = (): number => cpus().reduce((sum, { times }) => sum + (times.user + times.nice + times.sys + times.irq) * 1000, 0);

const { url, method, path, headers, body, distinct = false, expectStatus, concurrency, count, maxSeconds, warmup } = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
const fixedPayload = body === undefined ? undefined : JSON.stringify(body);
const requestHeaders = { ...headers, ...(body ? { "content-type": "application/json" } : {}) };
let sent = 0;
const payloadOf = (): string | undefined => (distinct && body ? JSON.stringify({ ...body, Subject: `${String(body["Subject"])} #${++sent}` }) : fixedPayload);

async function call(): Promise<void> {
  const response = await pool.request({ method, path, headers: requestHeaders, body: payloadOf() });
  await response.body.dump();
  if (response.statusCode !== expectStatus) throw new Error(`HTTP ${response.statusCode}`);
}

await runLoad(call, { count: warmup, concurrency, maxSeconds });
const cpuBefore = process.cpuUsage();
const machineBefore = machineBusyMicros();
const load = await runLoad(call, { count, concurrency, maxSeconds });
const cpu = process.cpuUsage(cpuBefore);
const machineBusy = machineBusyMicros() - machineBefore;
await pool.destroy();
const report: LoadReport = {
  requests: load.completed,
  errors: load.errors,
  firstError: load.firstError,
  seconds: load.seconds,
  requestsPerSecond: (load.completed - load.errors) / load.seconds,
  p50Ms: percentile(load.latenciesMs, 50),
  p95Ms: percentile(load.latenciesMs, 95),
  p99Ms: percentile(load.latenciesMs, 99),
  generatorCpuMicrosPerRequest: (cpu.user + cpu.system) / load.completed,
  machineCpuMicrosPerRequest: machineBusy / load.completed,
  machineBusyShare: machineBusy / (cpus().length * load.seconds * 1e6),
};
process.send?.(report, () => process.exit(0));
