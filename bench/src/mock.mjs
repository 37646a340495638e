// Mock: our mock (`packages/mock`, its CLI) vs raw `prism mock` on the same bundled spec. Start-up is
// spawn → first 200 answer to GET /server; then a load generator in its own process measures
// GET /server and POST /email (a valid body, so request validation runs) at 1 and 32 in flight.
// Each round starts each mock afresh, in a rotating order. Prism runs with `-v error` so that
// neither side spends time on per-request logging. The fixed-answer server of the client benchmarks
// runs through the same steps as the floor: what this machine and load generator allow at best.
import { spawn } from "node:child_process";
import { request } from "node:http";
import { message, serverToken } from "./payloads.mjs";
import { mockCliPath, prismCliPath, specPath, src } from "./paths.mjs";
import { freePort, runWorker, stopProcess } from "./processes.mjs";
import { ratio, rotate, summarizeFields } from "./stats.mjs";

export const mockKinds = ["floor", "prism", "ours"];

const commands = {
  floor: (port) => [src("fixed-server.mjs"), String(port)],
  ours: (port) => [mockCliPath, "--host", "127.0.0.1", "--port", String(port), "--quiet"],
  prism: (port) => [prismCliPath, "mock", "-h", "127.0.0.1", "-p", String(port), "-v", "error", specPath],
};

const headers = { accept: "application/json", "x-postmark-server-token": serverToken };

export const mockScenarios = [1, 32].flatMap((concurrency) => [
  { name: `GET /server ×${concurrency}`, method: "GET", path: "/server", concurrency },
  { name: `POST /email ×${concurrency}`, method: "POST", path: "/email", body: message, concurrency },
]);

export async function measureMock({ rounds, count, maxSeconds, warmup, log }) {
  const runs = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(mockKinds, round)) {
      const port = await freePort();
      const started = process.hrtime.bigint();
      const child = spawn(process.execPath, commands[kind](port), { stdio: ["ignore", "ignore", "inherit"] });
      try {
        const url = `http://127.0.0.1:${port}`;
        await waitForFirstAnswer(url, child);
        runs.push({ kind, scenario: "start-up", startupMs: Number(process.hrtime.bigint() - started) / 1e6 });
        for (const scenario of mockScenarios) {
          const config = { url, headers, expectStatus: 200, count, maxSeconds, warmup, ...scenario };
          // Failed requests (a reset connection, a wrong status) are counted and reported, not fatal.
          const result = await runWorker(src("load-worker.mjs"), [JSON.stringify(config)]);
          if (result.errors > 0) log(`mock: ${kind} ${scenario.name}: ${result.errors} of ${result.requests} requests failed; first: ${result.firstError}`);
          runs.push({ kind, scenario: scenario.name, ...result });
        }
      } finally {
        await stopProcess(child);
      }
      log(`mock: round ${round + 1}/${rounds}, ${kind} done`);
    }
  }
  const summary = {};
  for (const kind of mockKinds) {
    summary[kind] = { startupMs: summarizeFields(runs.filter((run) => run.kind === kind && run.scenario === "start-up"), ["startupMs"]).startupMs };
    for (const { name } of mockScenarios) {
      summary[kind][name] = summarizeFields(runs.filter((run) => run.kind === kind && run.scenario === name), ["requestsPerSecond", "p50Ms", "p99Ms", "generatorCpuMicrosPerRequest", "requests", "errors"]);
    }
  }
  const speedup = (name) => ratio(summary.ours[name].requestsPerSecond.median, summary.prism[name].requestsPerSecond.median);
  return { rounds, count, maxSeconds, warmup, summary, speedupAt32: { "GET /server": speedup("GET /server ×32"), "POST /email": speedup("POST /email ×32") }, runs };
}

/** Polls GET /server until it answers 200; rejects if the process exits first or after 60 s. */
async function waitForFirstAnswer(url, child) {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline && !exited) {
    if ((await statusOf(url)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(exited ? `the mock at ${url} exited before answering` : `the mock at ${url} did not answer within 60 s`);
}

function statusOf(url) {
  return new Promise((resolve) => {
    const outgoing = request(new URL("/server", url), { headers, agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
    });
    outgoing.on("error", () => resolve(0));
    outgoing.end();
  });
}
