// Cold start: a fresh `node` process per run, for each client and stage. The wall time, spawn to
// exit, is what a user waits for; the in-process time of `import()` is the same cost without the
// noise of process start-up, and is what the import target uses. Interleaved: each round runs
// every client and stage once, in a rotating order.
import { clientKinds, type ClientKind } from "./clients.js";
import { src } from "./paths.js";
import { startHelper, timeCommand } from "./processes.js";
import { ratio, rotate, summarize, type Summary } from "./stats.js";

export const coldStartStages = ["import", "create", "first-response"] as const;

type Stage = (typeof coldStartStages)[number];

interface ColdStartRun {
  kind: ClientKind;
  stage: Stage;
  wallMs: number;
  importMs?: number;
  createMs?: number;
  firstResponseMs?: number;
}

export interface ColdStartFigures {
  wallMs: Record<Stage, Summary>;
  importMs: Summary;
  createMs: Summary;
  firstResponseMs: Summary;
  wallImportCostMs: number;
}

export async function measureColdStart({ rounds, log }: { rounds: number; log: (line: string) => void }) {
  const server = await startHelper(src("fixed-server.js"));
  const runs: ColdStartRun[] = [];
  try {
    const cases = clientKinds.flatMap((kind) => coldStartStages.map((stage) => ({ kind, stage })));
    for (let round = 0; round < rounds; round++) {
      for (const { kind, stage } of rotate(cases, round)) {
        const { ms, stdout } = await timeCommand(process.execPath, [src("cold-start-child.js"), kind, stage, server.url]);
        runs.push({ kind, stage, wallMs: ms, ...(JSON.parse(stdout) as Omit<ColdStartRun, "kind" | "stage" | "wallMs">) });
      }
      log(`cold start: round ${round + 1}/${rounds}`);
    }
  } finally {
    await server.stop();
  }
  const figuresOf = (kind: ClientKind): Omit<ColdStartFigures, "wallImportCostMs"> => {
    const runsOf = (stage: Stage): ColdStartRun[] => runs.filter((run) => run.kind === kind && run.stage === stage);
    return {
      wallMs: Object.fromEntries(coldStartStages.map((stage) => [stage, summarize(runsOf(stage).map((run) => run.wallMs))])) as Record<Stage, Summary>,
      importMs: summarize(runsOf("import").map((run) => run.importMs ?? Number.NaN)),
      createMs: summarize(runsOf("create").map((run) => run.createMs ?? Number.NaN)),
      firstResponseMs: summarize(runsOf("first-response").map((run) => run.firstResponseMs ?? Number.NaN)),
    };
  };
  // "fetch" imports nothing: its import-only run is the empty node every import cost is measured over.
  const emptyNodeMs = figuresOf("fetch").wallMs.import.median;
  const summary = Object.fromEntries(
    clientKinds.map((kind) => {
      const figures = figuresOf(kind);
      return [kind, { ...figures, wallImportCostMs: figures.wallMs.import.median - emptyNodeMs }];
    }),
  ) as Record<ClientKind, ColdStartFigures>;
  return {
    rounds,
    emptyNodeMs,
    summary,
    importCostVsOfficial: ratio(summary.ours.importMs.median, summary.official.importMs.median),
    runs,
  };
}
