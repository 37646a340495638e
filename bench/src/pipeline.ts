// Pipeline: a clean `turbo run build` (every task re-run with --force, which bypasses the cache
// and rewrites the outputs), then the same build fully cached. With --pipeline, also `npm test`
// on this already-installed clone, with TURBO_FORCE so every task really runs.
import { workspaceEnv } from "../../scripts/workspace-env.mjs";
import { repoRoot, turboBin } from "./paths.js";
import { timeCommand } from "./processes.js";
import { summarize, type Summary } from "./stats.js";

const env = workspaceEnv(repoRoot);

interface BuildRun {
  ms: number;
  cached: number;
  total: number;
  executed: string[];
}

type NpmTest = { measured: false } | { measured: true; passed: true; ms: number } | { measured: true; passed: false; error: string };

export interface PipelineResult {
  cleanBuild: BuildRun;
  cachedBuild: { ms: Summary; fullyCached: boolean; runs: BuildRun[] };
  npmTest: NpmTest;
}

export async function measurePipeline({ cachedRuns, withTests, log }: { cachedRuns: number; withTests: boolean; log: (line: string) => void }): Promise<PipelineResult> {
  const clean = await turboBuild(["--force"]);
  log(`pipeline: clean build ${(clean.ms / 1000).toFixed(1)} s`);
  const cached: BuildRun[] = [];
  for (let run = 0; run < cachedRuns; run++) cached.push(await turboBuild([]));
  log(`pipeline: cached rebuilds done`);
  const result: PipelineResult = {
    cleanBuild: clean,
    cachedBuild: { ms: summarize(cached.map((run) => run.ms)), fullyCached: cached.every((run) => run.cached === run.total), runs: cached },
    npmTest: { measured: false },
  };
  if (withTests) {
    log("pipeline: npm test (TURBO_FORCE=true) …");
    try {
      const { ms } = await timeCommand("npm", ["test"], { cwd: repoRoot, env: { ...env, TURBO_FORCE: "true" }, timeoutMs: 1_800_000 });
      result.npmTest = { measured: true, passed: true, ms };
    } catch (error) {
      result.npmTest = { measured: true, passed: false, error: String(error).slice(0, 2000) };
    }
  }
  return result;
}

async function turboBuild(flags: string[]): Promise<BuildRun> {
  const { ms, stdout } = await timeCommand(turboBin, ["run", "build", ...flags], { cwd: repoRoot, env });
  const [, cached, total] = /Cached:\s+(\d+) cached, (\d+) total/.exec(stdout) ?? [];
  // Which tasks ran instead of coming from the cache, e.g. because a file changed meanwhile.
  const executed = [...stdout.matchAll(/^(\S+): cache (?:miss|bypass)/gm)].map((match) => match[1] ?? "");
  return { ms, cached: Number(cached), total: Number(total), executed };
}
