// Mock: our mock (`packages/mock`, its CLI) as the stateful emulator (its default, in memory, and
// with `--data`, on SQLite) and with --static, vs raw `prism mock` on the same bundled spec. Start-up is spawn → first 200 answer to
// GET /server; then a load generator in its own process measures GET /server and POST /email (a
// valid body, a new Subject on every request, so validation runs and the emulator stores each
// message) at 1 and 32 in flight.
// Each round starts each mock afresh, in a rotating order. Prism runs with `-v error` so that
// neither side spends time on per-request logging. The fixed-answer server of the client benchmarks
// runs through the same steps as the floor: what this machine and load generator allow at best.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "node:http";
import { message, serverToken } from "./payloads.js";
import { mockCliPath, prismCliPath, specPath, src } from "./paths.js";
import { freePort, runWorker, stopProcess, waitUntilReady } from "./processes.js";
import type { LoadConfig, LoadReport } from "./load-worker.js";
import { ratio, rotate, summarizeFields, type Summary } from "./stats.js";

export const mockKinds = ["floor", "prism", "static", "ours", "oursData"] as const;

type MockKind = (typeof mockKinds)[number];

/** The command that starts a kind of mock on a port; `dataFolder` is the `--data` folder of `oursData`. */
const commands: Record<MockKind, (port: number, dataFolder: string) => string[]> = {
  floor: (port) => [src("fixed-server.js"), String(port)],
  static: (port) => [mockCliPath, "--static", "--host", "127.0.0.1", "--port", String(port), "--quiet"],
  // Its SMTP listener on a free port: the default 2525 may be taken by a mock running elsewhere.
  ours: (port) => [mockCliPath, "--host", "127.0.0.1", "--port", String(port), "--smtp-port", "0", "--quiet"],
  oursData: (port, dataFolder) => [mockCliPath, "--host", "127.0.0.1", "--port", String(port), "--smtp-port", "0", "--quiet", "--data", dataFolder],
  prism: (port) => [prismCliPath, "mock", "-h", "127.0.0.1", "-p", String(port), "-v", "error", specPath],
};

const headers = { accept: "application/json", "x-postmark-server-token": serverToken };

/** One kind of request the load generator sends, and how many at a time. */
export type Scenario = Pick<LoadConfig, "method" | "path" | "body" | "distinct" | "concurrency"> & { name: string };

export interface LoadSettings {
  count: number;
  maxSeconds: number;
  warmup: number;
  log: (line: string) => void;
}

/** Runs one scenario against `url` from a load generator in its own process. */
export async function runScenario(url: string, scenario: Scenario, { count, maxSeconds, warmup, log }: LoadSettings, label: string): Promise<LoadReport> {
  const config: LoadConfig = { url, headers, expectStatus: 200, count, maxSeconds, warmup, ...scenario };
  // Failed requests (a reset connection, a wrong status) are counted and reported, not fatal.
  const result = await runWorker<LoadReport>(src("load-worker.js"), [JSON.stringify(config)]);
  if (result.errors > 0) log(`${label} ${scenario.name}: ${result.errors} of ${result.requests} requests failed; first: ${result.firstError}`);
  return result;
}

export const mockScenarios: Scenario[] = [1, 32].flatMap((concurrency): Scenario[] => [
  { name: `GET /server ×${concurrency}`, method: "GET", path: "/server", concurrency },
  { name: `POST /email ×${concurrency}`, method: "POST", path: "/email", body: message, distinct: true, concurrency },
]);

export const scenarioFields = ["requestsPerSecond", "p50Ms", "p95Ms", "p99Ms", "generatorCpuMicrosPerRequest", "machineCpuMicrosPerRequest", "machineBusyShare", "requests", "errors"] as const;

type MockRun = { kind: MockKind; scenario: "start-up"; startupMs: number } | ({ kind: MockKind; scenario: string } & LoadReport);

export type MockFigures = { startupMs: Summary } & Record<string, Record<(typeof scenarioFields)[number], Summary>>;

export async function measureMock({ rounds, ...settings }: { rounds: number } & LoadSettings) {
  const { count, maxSeconds, warmup, log } = settings;
  const runs: MockRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(mockKinds, round)) {
      // A new folder each start: the database begins empty, as the in-memory store does.
      const dataFolder = mkdtempSync(join(tmpdir(), "postmark-bench-data-"));
      try {
        const { child, url, startupMs } = await startUntilFirstAnswer((port) => commands[kind](port, dataFolder));
        try {
          runs.push({ kind, scenario: "start-up", startupMs });
          for (const scenario of mockScenarios) runs.push({ kind, scenario: scenario.name, ...(await runScenario(url, scenario, settings, `mock: ${kind}`)) });
        } finally {
          await stopProcess(child);
        }
      } finally {
        rmSync(dataFolder, { recursive: true, force: true });
      }
      log(`mock: round ${round + 1}/${rounds}, ${kind} done`);
    }
  }
  const startups = (kind: MockKind): { startupMs: number }[] => runs.flatMap((run) => (run.kind === kind && "startupMs" in run ? [run] : []));
  const loads = (kind: MockKind, name: string): LoadReport[] => runs.flatMap((run) => (run.kind === kind && run.scenario === name && !("startupMs" in run) ? [run] : []));
  const summary = Object.fromEntries(
    mockKinds.map((kind) => [
      kind,
      {
        startupMs: summarizeFields(startups(kind), ["startupMs"]).startupMs,
        ...Object.fromEntries(mockScenarios.map(({ name }) => [name, summarizeFields(loads(kind, name), scenarioFields)])),
      },
    ]),
  ) as Record<MockKind, MockFigures>;
  const rate = (kind: MockKind, name: string): number => summary[kind][name]?.requestsPerSecond.median ?? Number.NaN;
  const vsPrism = (kind: MockKind) => ({ "GET /server": ratio(rate(kind, "GET /server ×32"), rate("prism", "GET /server ×32")), "POST /email": ratio(rate(kind, "POST /email ×32"), rate("prism", "POST /email ×32")) });
  return { rounds, count, maxSeconds, warmup, summary, speedupAt32: vsPrism("ours"), staticSpeedupAt32: vsPrism("static"), runs };
}

/** Starts a mock (`node` with the arguments for a free port) and times spawn → first 200 answer to GET /server. */
export async function startUntilFirstAnswer(argsFor: (port: number) => string[]): Promise<{ child: ChildProcess; url: string; startupMs: number }> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, argsFor(port), { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(child, async () => (await statusOf(url)) === 200, `the mock at ${url}`, 5);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { child, url, startupMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = request(new URL("/server", url), { headers, agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    outgoing.on("error", () => resolve(0));
    outgoing.end();
  });
}
