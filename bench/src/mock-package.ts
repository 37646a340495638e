// The local Postmark as another project gets it. Install: the mock packed the way it is published
// (`pnpm pack`, with the spec package it depends on) and `@stoplight/prism-cli` from the registry,
// each installed with npm into an empty project: wall time with a warm npm cache (a first,
// unmeasured install fills it, so the figure is npm's work rather than the network), then size on
// disk and package count. Cold start: the installed CLI, spawn → first answer. In-process: our
// client's sends through the MSW handlers vs through the HTTP mock started in the same process
// (src/in-process-worker.ts), at 1 and 32 in flight.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InProcessRun } from "./in-process-worker.js";
import { startUntilFirstAnswer } from "./mock.js";
import { outDir, repoRoot, src, toolsBin } from "./paths.js";
import { runWorker, stopProcess, timeCommand } from "./processes.js";
import { rotate, summarize, summarizeFields, type Summary } from "./stats.js";
import { concurrencies } from "./throughput.js";

const require = createRequire(import.meta.url);

export const installKinds = ["ours", "prism"] as const;

/** How the in-process runs reach the emulator: MSW handlers, or the HTTP mock on loopback. */
export const inProcessPaths = ["msw", "http"] as const;

export type InProcessPath = (typeof inProcessPaths)[number];

type InstallKind = (typeof installKinds)[number];

export interface InstallFigures {
  /** what `npm install` was given */
  installs: string[];
  ms: Summary;
  /** bytes of every file under node_modules */
  bytes: number;
  files: number;
  packages: number;
}

const inProcessFields = ["requestsPerSecond", "p50Ms", "p99Ms", "cpuMicrosPerRequest", "peakRssBytes"] as const;

interface Settings {
  installRounds: number;
  coldStarts: number;
  inProcess: { rounds: number; count: number; warmup: number };
  log: (line: string) => void;
}

export async function measureMockPackage({ installRounds, coldStarts, inProcess, log }: Settings) {
  const work = mkdtempSync(join(tmpdir(), "postmark-bench-package-"));
  try {
    const tarballs = await packMock(join(work, "tarballs"));
    log(`package: packed ${tarballs.map(({ file }) => file).join(", ")}`);
    const prismVersion = (require("@stoplight/prism-cli/package.json") as { version: string }).version;
    const installs: Record<InstallKind, string[]> = { ours: tarballs.map(({ path }) => path), prism: [`@stoplight/prism-cli@${prismVersion}`] };
    const installed = await measureInstalls(installs, join(work, "projects"), installRounds, log);
    const cliPath = join(installed.ours.lastProject, "node_modules", "@postmark-openapi", "mock", "dist", "src", "cli.js");
    const coldStartMs: number[] = [];
    for (let run = 0; run < coldStarts; run++) {
      const { child, startupMs } = await startUntilFirstAnswer((port) => [cliPath, "--host", "127.0.0.1", "--port", String(port), "--smtp-port", "0", "--quiet"]);
      await stopProcess(child);
      coldStartMs.push(startupMs);
    }
    log(`package: cold start of the installed CLI, ${coldStarts} runs`);
    const inProcessRuns = await measureInProcess(inProcess, log);
    return {
      tarballs: tarballs.map(({ file, bytes }) => ({ file, bytes })),
      install: Object.fromEntries(installKinds.map((kind) => [kind, installed[kind].figures])) as Record<InstallKind, InstallFigures>,
      installRounds,
      coldStartMs: summarize(coldStartMs),
      inProcess: {
        ...inProcess,
        summary: Object.fromEntries(
          concurrencies.map((concurrency) => [
            concurrency,
            Object.fromEntries(inProcessPaths.map((path) => [path, summarizeFields(inProcessRuns.filter((run) => run.path === path && run.concurrency === concurrency), inProcessFields)])),
          ]),
        ) as Record<number, Record<InProcessPath, Record<(typeof inProcessFields)[number], Summary>>>,
        runs: inProcessRuns,
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The folders of the workspace packages a package depends on (`workspace:` ranges), read from the package files. */
function workspaceDependencyDirs(packageDir: string): string[] {
  const nameOf = (dir: string): string | undefined => {
    try {
      return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name;
    } catch {
      return undefined;
    }
  };
  const candidates = [join(repoRoot, "openapi"), ...readdirSync(join(repoRoot, "packages")).map((name) => join(repoRoot, "packages", name))];
  const byName = new Map<string, string>();
  for (const dir of candidates) {
    const name = nameOf(dir);
    if (name) byName.set(name, dir);
  }
  const { dependencies = {} } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  return Object.entries(dependencies).flatMap(([name, range]) => {
    if (!range.startsWith("workspace:")) return [];
    const dir = byName.get(name);
    if (!dir) throw new Error(`${name}, a workspace dependency of ${packageDir}, is not in openapi/ or packages/.`);
    return [dir];
  });
}

/** Packs the mock and the workspace packages it depends on, as they would be published. */
async function packMock(destination: string): Promise<{ file: string; path: string; bytes: number }[]> {
  mkdirSync(destination, { recursive: true });
  for (const dir of [join(repoRoot, "packages", "mock"), ...workspaceDependencyDirs(join(repoRoot, "packages", "mock"))]) {
    await timeCommand(join(toolsBin, "pnpm"), ["pack", "--pack-destination", destination], { cwd: dir });
  }
  return readdirSync(destination).map((file) => ({ file, path: join(destination, file), bytes: statSync(join(destination, file)).size }));
}

/** npm's own settings only: the variables pnpm and turbo set for scripts would steer npm elsewhere. */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_") && !name.startsWith("PNPM_")));
}

async function measureInstalls(installs: Record<InstallKind, string[]>, projects: string, rounds: number, log: (line: string) => void) {
  // A cache of our own, kept between runs (bench/.out is git-ignored).
  const cache = join(outDir, "npm-cache");
  let project = 0;
  const install = async (kind: InstallKind): Promise<{ ms: number; dir: string }> => {
    const dir = join(projects, `${kind}-${++project}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "install-probe", private: true, type: "module" })}\n`);
    const { ms } = await timeCommand("npm", ["install", ...installs[kind], "--cache", cache, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env: npmEnv() });
    return { ms, dir };
  };
  for (const kind of installKinds) await install(kind);
  log("package: npm cache warm");
  const times: Record<InstallKind, number[]> = { ours: [], prism: [] };
  const last: Partial<Record<InstallKind, string>> = {};
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(installKinds, round)) {
      const { ms, dir } = await install(kind);
      times[kind].push(ms);
      if (last[kind]) rmSync(last[kind], { recursive: true, force: true });
      last[kind] = dir;
    }
    log(`package: install round ${round + 1}/${rounds}`);
  }
  return Object.fromEntries(
    installKinds.map((kind) => {
      const dir = last[kind]!;
      return [kind, { lastProject: dir, figures: { installs: installs[kind].map((entry) => entry.split("/").at(-1) ?? entry), ms: summarize(times[kind]), ...sizeOf(dir) } }];
    }),
  ) as Record<InstallKind, { lastProject: string; figures: InstallFigures }>;
}

/** Bytes and files under node_modules, and the packages npm's lockfile lists there. */
function sizeOf(project: string): { bytes: number; files: number; packages: number } {
  let bytes = 0;
  let files = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        bytes += statSync(path).size;
        files++;
      }
    }
  };
  walk(join(project, "node_modules"));
  const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  const packages = Object.keys(lock.packages).filter((key) => key.startsWith("node_modules/")).length;
  return { bytes, files, packages };
}

async function measureInProcess({ rounds, count, warmup }: Settings["inProcess"], log: (line: string) => void): Promise<InProcessRun[]> {
  const runs: InProcessRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const concurrency of concurrencies) {
      for (const path of rotate(inProcessPaths, round)) runs.push(await runWorker<InProcessRun>(src("in-process-worker.js"), [path, count, concurrency, warmup]));
    }
    log(`package: in-process round ${round + 1}/${rounds}`);
  }
  return runs;
}
