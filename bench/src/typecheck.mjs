// Type-check cost: `tsc --noEmit` of a consumer that calls ten operations, ours vs the official
// client's (fixtures/typecheck/). Each run is a fresh process; peak memory is that process's
// maxRSS, read by tsc-probe.mjs, and tsc's own --extendedDiagnostics give check time and counts.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fixturesDir, src, tscPath } from "./paths.mjs";
import { ratio, rotate, summarize, summarizeFields } from "./stats.mjs";

export const typecheckKinds = ["official", "ours"];

export async function measureTypecheck({ rounds, log }) {
  const runs = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(typecheckKinds, round)) runs.push({ kind, ...(await typecheckOnce(kind)) });
    log(`type-check: round ${round + 1}/${rounds}`);
  }
  const summary = Object.fromEntries(
    typecheckKinds.map((kind) => [kind, summarizeFields(runs.filter((run) => run.kind === kind), ["wallMs", "cpuMs", "peakRssBytes", "checkMs", "types", "instantiations", "files"])]),
  );
  return { rounds, method: "tsc run in-process by src/tsc-probe.mjs; peak memory = process.resourceUsage().maxRSS", summary, timeVsOfficial: ratio(summary.ours.wallMs.median, summary.official.wallMs.median), runs };
}

function typecheckOnce(kind) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [src("tsc-probe.mjs"), tscPath, "-p", join(fixturesDir, "typecheck", kind), "--extendedDiagnostics"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const probe = /@@tsc-probe (.+)/.exec(stderr);
      // A consumer that does not type-check would make the timing meaningless.
      if (code !== 0 || !probe) return reject(new Error(`tsc on the ${kind} consumer failed (${code}):\n${stdout}${stderr}`));
      const diagnostic = (name) => Number(new RegExp(`^${name}:\\s+([\\d.]+)`, "m").exec(stdout)?.[1]);
      resolve({
        wallMs,
        ...JSON.parse(probe[1]),
        checkMs: diagnostic("Check time") * 1000,
        types: diagnostic("Types"),
        instantiations: diagnostic("Instantiations"),
        files: diagnostic("Files"),
      });
    });
  });
}
