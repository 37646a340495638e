// Type-checks the checks program in the consumer project the ways users compile: tsc with
// moduleResolution bundler and node16, and deno check.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { binaryPath } from "./binaries.js";
import { run, type Finished } from "./processes.js";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

const strictOptions = {
  strict: true,
  noEmit: true,
  target: "ES2022",
  lib: ["ES2022", "DOM", "DOM.Iterable"],
  types: [],
  // The package's own declaration files are checked too, as a consumer's build would.
  skipLibCheck: false,
  noUncheckedIndexedAccess: true,
};

const resolutions = {
  bundler: { module: "ESNext", moduleResolution: "bundler" },
  node16: { module: "node16", moduleResolution: "node16" },
} as const;

export type Resolution = keyof typeof resolutions;

export function typecheckWithTsc(projectDir: string, resolution: Resolution): Promise<Finished> {
  const file = `tsconfig.${resolution}.json`;
  writeFileSync(join(projectDir, file), JSON.stringify({ compilerOptions: { ...strictOptions, ...resolutions[resolution] }, files: ["program.ts"] }, null, 2));
  return run(process.execPath, [tsc, "-p", file], { cwd: projectDir, timeoutMs: 120_000 });
}

export function typecheckWithDeno(projectDir: string): Promise<Finished> {
  return run(binaryPath("deno"), ["check", "--quiet", "program.ts"], {
    cwd: projectDir,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" },
    timeoutMs: 120_000,
  });
}
