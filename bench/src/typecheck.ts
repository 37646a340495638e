// Type-check cost: `tsc --noEmit` of a consumer that calls ten operations, ours vs the official
// client's (fixtures/typecheck/). Each run is a fresh process; peak memory is that process's
// maxRSS, read by tsc-probe.ts, and tsc's own --extendedDiagnostics give check time and counts.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fixturesDir, src, tscPath } from "./paths.js";
import { ratio, rotate, summarizeFields } from "./stats.js";

export const typecheckKinds = ["official", "ours"] as const;

type TypecheckKind = (typeof typecheckKinds)[number];

const fields = ["wallMs", "cpuMs", "peakRssBytes", "checkMs", "types", "instantiations", "files"] as const;

type TypecheckRun = Record<(typeof fields)[number], number> & { exitCode: number };

export async function measureTypecheck({ rounds, log }: { rounds: number; log: (line: string) => void }) {
  const runs: (TypecheckRun & { kind: TypecheckKind })[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(typecheckKinds, round)) runs.push({ kind, ...(await typecheckOnce(kind)) });
    log(`type-check: round ${round + 1}/${rounds}`);
  }
  const summary = {
    official: summarizeFields(runs.filter((run) => run.kind === "official"), fields),
    ours: summarizeFields(runs.filter((run) => run.kind === "ours"), fields),
  };
  return { rounds, method: "tsc run in-process by src/tsc-probe.ts; peak memory = process.resourceUsage().maxRSS", summary, timeVsOfficial: ratio(summary.ours.wallMs.median, summary.official.wallMs.median), runs };
}

function typecheckOnce(kind: TypecheckKind): Promise<TypecheckRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [src("tsc-probe.js"), tscPath, "-p", join(fixturesDir, "typecheck", kind), "--extendedDiagnostics"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const probe = /@@tsc-probe (.+)/.exec(stderr);
      // A consumer that does not type-check would make the timing meaningless.
      if (code !== 0 || !probe?.[1]) return reject(new Error(`tsc on the ${kind} consumer failed (${code}):\n${stdout}${stderr}`));
      const diagnostic = (name: string): number => Number(new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(stdout)?.[1]);
      resolve({
        wallMs,
        ...(JSON.parse(probe[1]) as { exitCode: number; peakRssBytes: number; cpuMs: number }),
        checkMs: diagnostic("Check time") * 1000,
        types: diagnostic("Types"),
        instantiations: diagnostic("Instantiations"),
        files: diagnostic("Files"),
      });
    });
  });
}
