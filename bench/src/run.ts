// `npm run bench` (from the repository root) → this script: runs every benchmark in turn, prints
// one markdown document to stdout and writes every raw figure to bench/results.json. Progress goes
// to stderr. Flags: --no-pipeline leaves out `npm test` in a fresh clone (about two minutes), which
// --quick leaves out unless --pipeline asks for it; --only size,mock,… runs some benchmarks;
// --quick runs fewer rounds, to try the harness; --postgres-messages N sets the store the
// PostgreSQL search runs over; --sqlite-messages N the database the SQLite section builds (once)
// and searches; --profile writes CPU profiles of the client throughput runs (see src/profile.ts)
// instead of benchmarking.
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { measureColdStart } from "./cold-start.js";
import { measureEmulator } from "./emulator.js";
import { measureLargeTemplate, measureWebhookStorm } from "./hostile.js";
import { measureHotPath } from "./hot-path.js";
import { describeMachine } from "./machine.js";
import { measureMiddleware } from "./middleware.js";
import { measureMock } from "./mock.js";
import { measureMockPackage } from "./mock-package.js";
import { outDir, resultsPath } from "./paths.js";
import { measurePipeline } from "./pipeline.js";
import { measurePostgres } from "./postgres.js";
import { profileClients } from "./profile.js";
import { renderReport } from "./report.js";
import type { BenchmarkName, Measured, Results } from "./results.js";
import { measureSize } from "./size.js";
import { measureSmtp } from "./smtp.js";
import { measureSqlite } from "./sqlite.js";
import { evaluateTargets } from "./targets.js";
import { measureThroughput } from "./throughput.js";
import { measureTypecheck } from "./typecheck.js";

const { values } = parseArgs({
  // pnpm and turbo may pass a lone "--" through before the flags.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  // --no-pipeline as well as --pipeline.
  allowNegative: true,
  options: {
    pipeline: { type: "boolean" },
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    "postgres-messages": { type: "string" },
    "sqlite-messages": { type: "string" },
    baseline: { type: "string" },
  },
});

const log = (line: string): boolean => process.stderr.write(`[bench] ${line}\n`);

if (values.profile) {
  await profileClients({ log });
  process.exit(0);
}

const quick = values.quick;
/** Whether the pipeline section also runs `npm test` in a fresh clone. */
const withTests = values.pipeline ?? !quick;
/** Each benchmark with its settings; the default run, `npm test` in a fresh clone included, takes 10–13 minutes on 2 cores. */
const benchmarks: { [Name in BenchmarkName]: () => Promise<Measured[Name]> } = {
  size: () => measureSize({ log }),
  throughput: () => measureThroughput({ rounds: quick ? 1 : 5, count: quick ? 500 : 2000, warmup: quick ? 100 : 300, log }),
  middleware: () => measureMiddleware({ rounds: quick ? 1 : 3, count: quick ? 500 : 2000, warmup: quick ? 100 : 300, log }),
  coldStart: () => measureColdStart({ rounds: quick ? 3 : 10, log }),
  typecheck: () => measureTypecheck({ rounds: quick ? 1 : 5, log }),
  mock: () => measureMock({ rounds: quick ? 1 : 3, count: 3000, maxSeconds: quick ? 1 : 2, warmup: 200, log }),
  hotPath: () => measureHotPath({ rounds: quick ? 1 : 3, count: 40_000, maxSeconds: quick ? 1.5 : 4, warmup: 2000, log, ...(values.baseline !== undefined ? { baseline: values.baseline } : {}) }),
  mockPackage: () =>
    measureMockPackage({ installRounds: quick ? 1 : 2, coldStarts: quick ? 3 : 5, inProcess: { rounds: quick ? 1 : 3, count: quick ? 500 : 1000, warmup: quick ? 100 : 300 }, log }),
  emulator: () => measureEmulator({ messages: quick ? 20_000 : 100_000, rounds: quick ? 1 : 2, count: 1000, maxSeconds: quick ? 1 : 2.5, warmup: 10, log }),
  webhookStorm: () => measureWebhookStorm({ rounds: quick ? 1 : 3, count: 3000, maxSeconds: 30, warmup: 50, log }),
  largeTemplate: () => measureLargeTemplate({ rounds: quick ? 2 : 5, log }),
  // --postgres-messages 1000000 searches a million stored messages (the fill then takes minutes).
  postgres: () => measurePostgres({ messages: Number(values["postgres-messages"] ?? (quick ? 20_000 : 100_000)), rounds: quick ? 1 : 3, count: quick ? 500 : 2000, maxSeconds: quick ? 2 : 10, warmup: 100, log }),
  // A million stored messages under --data, built once through the emulator and cached in .out/sqlite/
  // (the first run builds it: minutes); --sqlite-messages N picks another size.
  sqlite: () =>
    measureSqlite({ messages: Number(values["sqlite-messages"] ?? (quick ? 20_000 : 1_000_000)), rounds: quick ? 1 : 3, burstSeconds: quick ? 2 : 5, count: 200, maxSeconds: quick ? 2 : 5, warmup: 10, log }),
  smtp: () => measureSmtp({ connections: 8, count: quick ? 500 : 2000, warmup: quick ? 100 : 1000, rounds: quick ? 1 : 3, log }),
  // Last: it rebuilds the packages the other benchmarks load.
  pipeline: () => measurePipeline({ cachedRuns: quick ? 1 : 3, withTests, log }),
};

const only = values.only?.split(",").map((name) => name.trim());
const unknown = only?.filter((name) => !Object.hasOwn(benchmarks, name)) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(", ")}. Choose from: ${Object.keys(benchmarks).join(", ")}.`);
  process.exit(2);
}

const started = Date.now();
const results: Results = { machine: describeMachine(), startedAt: new Date(started).toISOString(), options: { ...values, pipeline: withTests }, skipped: [] };
for (const name of Object.keys(benchmarks) as BenchmarkName[]) {
  const measure: () => Promise<Measured[BenchmarkName]> = benchmarks[name];
  if (only && !only.includes(name)) {
    results.skipped.push(name);
    continue;
  }
  const benchmarkStarted = Date.now();
  log(`${name} …`);
  let outcome: Results[BenchmarkName];
  try {
    outcome = await measure();
  } catch (error) {
    // One broken benchmark should not hide the others' figures; the run still exits non-zero.
    log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    outcome = { error: error instanceof Error ? error.message : String(error) };
    process.exitCode = 1;
  }
  Object.assign(results, { [name]: { ...outcome, durationMs: Date.now() - benchmarkStarted } });
}
results.durationMs = Date.now() - started;
results.loadAverageAtEnd = loadavg()[0];
results.targets = evaluateTargets(results);

const report = renderReport(results);
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
// turbo prefixes every printed line; the same document without prefixes, for copying.
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "report.md"), report);
process.stdout.write(report);
log(`raw figures: ${resultsPath}; this report: ${join(outDir, "report.md")}`);
