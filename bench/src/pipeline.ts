// Pipeline: a clean `turbo run build` (every task re-run with --force, which bypasses the cache
// and rewrites the outputs), then the same build fully cached; then, unless --no-pipeline (or
// --quick without --pipeline), `npm test` as a newcomer runs it: in a fresh clone of this
// repository's last commit (nothing installed, no .tools, a cold turbo cache), with CI=true and
// the machine's own PATH.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { workspaceEnv } from "../../scripts/workspace-env.mjs";
import { repoRoot, turboBin } from "./paths.js";
import { processStat, timeCommand } from "./processes.js";
import { summarize, type Summary } from "./stats.js";

const env = workspaceEnv(repoRoot);

interface BuildRun {
  ms: number;
  cached: number;
  total: number;
  executed: string[];
}

/** `npm test` in a fresh clone: wall time, and the CPU seconds of everything it ran (user + system, from /proc). */
type NpmTest = { measured: false } | { measured: true; passed: true; ms: number; cpuSeconds: number; commit: string } | { measured: true; passed: false; error: string };

/** What the report and the targets say when the run left `npm test` out. */
export const npmTestNotMeasured = "not measured (--no-pipeline, or --quick without --pipeline)";

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
    log("pipeline: npm test in a fresh clone …");
    result.npmTest = await npmTestInFreshClone();
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

/** The environment of a machine that has only Node and npm: no workspace tools on PATH, none of the variables npm, pnpm or turbo set for scripts. */
function freshMachineEnv(): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([name]) => !/^(npm_|pnpm_|turbo_)/i.test(name) && !name.startsWith("WORKSPACE_"));
  const path = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "" && !dir.startsWith(repoRoot));
  return { ...Object.fromEntries(kept), PATH: path.join(delimiter), CI: "true" };
}

async function npmTestInFreshClone(): Promise<NpmTest> {
  const dir = mkdtempSync(join(tmpdir(), "postmark-bench-clone-"));
  try {
    // mkdtemp makes the folder for its owner alone; the test PostgreSQL, run as another user when
    // root runs the tests, must reach its binaries inside, as in any clone.
    chmodSync(dir, 0o755);
    await timeCommand("git", ["clone", "--quiet", repoRoot, dir]);
    const { stdout: commit } = await timeCommand("git", ["rev-parse", "--short", "HEAD"], { cwd: dir });
    // CPU of the descendants this process has waited for: npm and all it started, once npm exits.
    const before = processStat(process.pid)?.childSeconds ?? Number.NaN;
    const { ms } = await timeCommand("npm", ["test"], { cwd: dir, env: freshMachineEnv(), timeoutMs: 1_800_000 });
    const cpuSeconds = (processStat(process.pid)?.childSeconds ?? Number.NaN) - before;
    return { measured: true, passed: true, ms, cpuSeconds, commit: commit.trim() };
  } catch (error) {
    return { measured: true, passed: false, error: String(error).slice(0, 2000) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
