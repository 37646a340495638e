// The emulator's hot path: stored sends per second against a bare node:http server, in the same
// run. Each round starts every server afresh, in a rotating order, and loads each with the same
// sends (a valid message with a 1 kB text body and a new Subject every time) at 32 in flight from
// a load generator in its own process. The bare server (src/bare-server.ts) parses each body as
// JSON and answers a small JSON; it runs twice a round, writing each answer at once and writing
// them together once per turn of the event loop as the emulator does, and the emulator is held to
// the faster of the two. The emulator is the mock's CLI with its defaults, so it validates every
// send against the spec and Postmark's rules, stores it in memory and answers as Postmark does.
// With `--baseline <checkout>` (another clone of this repository, built), that checkout's emulator
// runs in the same rounds, so a change can be checked for a regression of stored sends/s.
// Besides requests/s, each server process's CPU (user and system, from /proc, warm-up included)
// per request sits beside the generator's: shared CPUs disturb it less than requests/s.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { storedMessage } from "./stored-messages.js";
import type { LoadReport } from "./load-worker.js";
import { runScenario, scenarioFields, startUntilFirstAnswer, type LoadSettings, type Scenario } from "./mock.js";
import { mockCliPath, src } from "./paths.js";
import { processStat, stopProcess } from "./processes.js";
import { ratio, rotate, summarize, summarizeFields } from "./stats.js";

export const hotPathKinds = ["bare", "barePerTurn", "emulator", "baseline"] as const;

type HotPathKind = (typeof hotPathKinds)[number];

const emulatorAt = (cliPath: string) => (port: number) => [cliPath, "--host", "127.0.0.1", "--port", String(port), "--quiet"];

/**
 * The baseline checkout's mock CLI and the commit it is on. The CLI is the `bin` its package.json
 * publishes: under `publishConfig` now, at the top in older checkouts.
 */
export function baselineOf(checkout: string): { cliPath: string; commit: string } {
  const packageFolder = join(resolve(checkout), "packages", "mock");
  const manifest = JSON.parse(readFileSync(join(packageFolder, "package.json"), "utf8")) as { bin?: Record<string, string>; publishConfig?: { bin?: Record<string, string> } };
  const cliPath = join(packageFolder, Object.values(manifest.publishConfig?.bin ?? manifest.bin ?? {})[0] ?? "");
  readFileSync(cliPath); // fails here, naming the file, when the checkout is not built
  const commit = execFileSync("git", ["-C", checkout, "log", "-1", "--format=%h %s"], { encoding: "utf8" }).trim();
  return { cliPath, commit };
}

/** The load generator's figures, and the server process's CPU µs per request (warm-up included, from /proc; NaN off Linux). */
type Figures = Record<(typeof scenarioFields)[number] | "serverCpuMicrosPerRequest", ReturnType<typeof summarize>>;

export const hotPathBodyBytes = 1024;

export const hotPathScenario: Scenario = { name: "POST /email ×32, 1 kB", method: "POST", path: "/email", body: storedMessage(0, hotPathBodyBytes), distinct: true, concurrency: 32 };

export async function measureHotPath({ rounds, baseline, ...settings }: { rounds: number; baseline?: string } & LoadSettings) {
  const { count, maxSeconds, warmup, log } = settings;
  const base = baseline === undefined ? undefined : baselineOf(baseline);
  const commands: Partial<Record<HotPathKind, (port: number) => string[]>> = {
    bare: (port) => [src("bare-server.js"), String(port)],
    barePerTurn: (port) => [src("bare-server.js"), String(port), "--answers-per-turn"],
    // Its SMTP listener on a free port (2525 may be taken); a baseline checkout may predate the flag.
    emulator: (port) => [...emulatorAt(mockCliPath)(port), "--smtp-port", "0"],
    ...(base ? { baseline: emulatorAt(base.cliPath) } : {}),
  };
  const kinds = hotPathKinds.filter((kind) => commands[kind] !== undefined);
  const runs: ({ kind: HotPathKind; round: number; loadAverage: number; serverCpuMicrosPerRequest: number } & LoadReport)[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(kinds, round)) {
      const { child, url } = await startUntilFirstAnswer(commands[kind] ?? emulatorAt(mockCliPath));
      try {
        const cpuSeconds = () => (child.pid === undefined ? undefined : processStat(child.pid))?.seconds ?? Number.NaN;
        const before = cpuSeconds();
        const load = await runScenario(url, hotPathScenario, settings, `hot path: ${kind}`);
        const serverCpuMicrosPerRequest = ((cpuSeconds() - before) * 1e6) / (load.requests + warmup);
        runs.push({ kind, round, loadAverage: loadavg()[0] ?? Number.NaN, serverCpuMicrosPerRequest, ...load });
      } finally {
        await stopProcess(child);
      }
    }
    const ofRound = runs.filter((run) => run.round === round);
    log(`hot path: round ${round + 1}/${rounds}: ${ofRound.map((run) => `${run.kind} ${run.requestsPerSecond.toFixed(0)}/s, server ${run.serverCpuMicrosPerRequest.toFixed(0)} µs and generator ${run.generatorCpuMicrosPerRequest.toFixed(0)} µs CPU per request`).join("; ")}`);
  }
  const of = (kind: HotPathKind) => runs.filter((run) => run.kind === kind);
  const summary = Object.fromEntries(kinds.map((kind) => [kind, { ...summarizeFields(of(kind), scenarioFields), serverCpuMicrosPerRequest: summarize(of(kind).map((run) => run.serverCpuMicrosPerRequest)) }])) as Record<"bare" | "barePerTurn" | "emulator", Figures> & { baseline?: Figures };
  // The yardstick is the faster way of the bare server (by its median), so that the emulator's way
  // of writing answers cannot make it look better than it is.
  const yardstick: "bare" | "barePerTurn" = summary.barePerTurn.requestsPerSecond.median > summary.bare.requestsPerSecond.median ? "barePerTurn" : "bare";
  /** Each round's emulator against another server's run of the same round. */
  const roundRatiosAgainst = (kind: HotPathKind) => summarize([...Array(rounds).keys()].map((round) => ratio(of("emulator")[round]?.requestsPerSecond ?? Number.NaN, of(kind)[round]?.requestsPerSecond ?? Number.NaN)));
  const roundRatios = roundRatiosAgainst(yardstick);
  const emulatorVsBare = ratio(summary.emulator.requestsPerSecond.median, summary[yardstick].requestsPerSecond.median);
  const perTurnVsAtOnce = ratio(summary.barePerTurn.requestsPerSecond.median, summary.bare.requestsPerSecond.median);
  const versusBaseline = base && summary.baseline
    ? { commit: base.commit, ratio: ratio(summary.emulator.requestsPerSecond.median, summary.baseline.requestsPerSecond.median), roundRatios: roundRatiosAgainst("baseline") }
    : undefined;
  return { rounds, count, maxSeconds, warmup, bodyBytes: hotPathBodyBytes, summary, yardstick, emulatorVsBare, roundRatios, perTurnVsAtOnce, versusBaseline, loadAverage: summarize(runs.map((run) => run.loadAverage)), runs };
}
