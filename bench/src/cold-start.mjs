// Cold start: a fresh `node` process per run, for each client and stage. The wall time, spawn to
// exit, is what a user waits for; the in-process time of `import()` is the same cost without the
// noise of process start-up, and is what the import target uses. Interleaved: each round runs
// every client and stage once, in a rotating order.
import { clientKinds } from "./clients.mjs";
import { src } from "./paths.mjs";
import { startHelper, timeCommand } from "./processes.mjs";
import { ratio, rotate, summarize } from "./stats.mjs";

export const coldStartStages = ["import", "create", "first-response"];

export async function measureColdStart({ rounds, log }) {
  const server = await startHelper(src("fixed-server.mjs"));
  const runs = [];
  try {
    const cases = clientKinds.flatMap((kind) => coldStartStages.map((stage) => ({ kind, stage })));
    for (let round = 0; round < rounds; round++) {
      for (const { kind, stage } of rotate(cases, round)) {
        const { ms, stdout } = await timeCommand(process.execPath, [src("cold-start-child.mjs"), kind, stage, server.url]);
        runs.push({ kind, stage, wallMs: ms, ...JSON.parse(stdout) });
      }
      log(`cold start: round ${round + 1}/${rounds}`);
    }
  } finally {
    await server.stop();
  }
  const summary = {};
  for (const kind of clientKinds) {
    const runsOf = (stage) => runs.filter((run) => run.kind === kind && run.stage === stage);
    summary[kind] = {
      wallMs: Object.fromEntries(coldStartStages.map((stage) => [stage, summarize(runsOf(stage).map((run) => run.wallMs))])),
      importMs: summarize(runsOf("import").map((run) => run.importMs)),
      createMs: summarize(runsOf("create").map((run) => run.createMs)),
      firstResponseMs: summarize(runsOf("first-response").map((run) => run.firstResponseMs)),
    };
  }
  // "fetch" imports nothing: its import-only run is the empty node every import cost is measured over.
  const emptyNodeMs = summary.fetch.wallMs.import.median;
  for (const kind of clientKinds) summary[kind].wallImportCostMs = summary[kind].wallMs.import.median - emptyNodeMs;
  return {
    rounds,
    emptyNodeMs,
    summary,
    importCostVsOfficial: ratio(summary.ours.importMs.median, summary.official.importMs.median),
    runs,
  };
}
