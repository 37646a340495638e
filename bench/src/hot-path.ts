// The emulator's hot path: stored sends per second against a bare node:http server, in the same
// run. Each round starts both afresh, in a rotating order, and loads each with the same sends (a
// valid message with a 1 kB text body and a new Subject every time) at 32 in flight from a load
// generator in its own process. The bare server (src/bare-server.ts) parses each body as JSON and
// answers a small JSON; the emulator is the mock's CLI with its defaults, so it validates every
// send against the spec and Postmark's rules, stores it in memory and answers as Postmark does.
import { loadavg } from "node:os";
import { storedMessage } from "./stored-messages.js";
import type { LoadReport } from "./load-worker.js";
import { runScenario, scenarioFields, startUntilFirstAnswer, type LoadSettings, type Scenario } from "./mock.js";
import { mockCliPath, src } from "./paths.js";
import { stopProcess } from "./processes.js";
import { ratio, rotate, summarize, summarizeFields } from "./stats.js";

export const hotPathKinds = ["bare", "emulator"] as const;

type HotPathKind = (typeof hotPathKinds)[number];

const commands: Record<HotPathKind, (port: number) => string[]> = {
  bare: (port) => [src("bare-server.js"), String(port)],
  emulator: (port) => [mockCliPath, "--host", "127.0.0.1", "--port", String(port), "--quiet"],
};

export const hotPathBodyBytes = 1024;

export const hotPathScenario: Scenario = { name: "POST /email ×32, 1 kB", method: "POST", path: "/email", body: storedMessage(0, hotPathBodyBytes), distinct: true, concurrency: 32 };

export async function measureHotPath({ rounds, ...settings }: { rounds: number } & LoadSettings) {
  const { count, maxSeconds, warmup, log } = settings;
  const runs: ({ kind: HotPathKind; round: number; loadAverage: number } & LoadReport)[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(hotPathKinds, round)) {
      const { child, url } = await startUntilFirstAnswer(commands[kind]);
      try {
        runs.push({ kind, round, loadAverage: loadavg()[0] ?? Number.NaN, ...(await runScenario(url, hotPathScenario, settings, `hot path: ${kind}`)) });
      } finally {
        await stopProcess(child);
      }
    }
    log(`hot path: round ${round + 1}/${rounds}`);
  }
  const of = (kind: HotPathKind) => runs.filter((run) => run.kind === kind);
  const summary = Object.fromEntries(hotPathKinds.map((kind) => [kind, summarizeFields(of(kind), scenarioFields)])) as Record<HotPathKind, Record<(typeof scenarioFields)[number], ReturnType<typeof summarize>>>;
  // Each round's emulator against the bare server of the same round, and the medians against each other.
  const roundRatios = summarize([...Array(rounds).keys()].map((round) => ratio(of("emulator")[round]?.requestsPerSecond ?? Number.NaN, of("bare")[round]?.requestsPerSecond ?? Number.NaN)));
  const emulatorVsBare = ratio(summary.emulator.requestsPerSecond.median, summary.bare.requestsPerSecond.median);
  return { rounds, count, maxSeconds, warmup, bodyBytes: hotPathBodyBytes, summary, emulatorVsBare, roundRatios, loadAverage: summarize(runs.map((run) => run.loadAverage)), runs };
}
