// The workspace's type-check: every package under each configuration its `typecheck` script hands to
// the compiler (`tsgo --noEmit`, `tsgo -p <config>`), with TypeScript 7's native compiler (`tsgo`,
// from @postmark-openapi/typescript-config). `npm run typecheck` prints its verdicts
// (typecheck-workspace.ts); `npm test` runs it with a probe (src/typecheck.test.ts).
//
// With a probe, each configuration's program also holds a file with type errors, in a folder of its
// own inside the package (types and modules resolve from there, as for a file of the package),
// whose tsconfig extends the package's configuration and adds the probe to what it includes. One
// tsgo run then says both that the package's own files have no errors and that the configuration
// fails on a file that has some. No configuration of the workspace includes a dot-folder at a
// package's root, so no other type-check sees the probe.
//
// Each tsgo checks on one thread, and as many run at once as the machine has cores: on two cores
// that took a fifth less CPU than tsgo's own four checker threads one configuration at a time.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { runTsgo, type TsgoDiagnostic } from "@postmark-openapi/typescript-config/tsgo-run";
import { typecheckConfigs, workspacePackages } from "./workspace-packages.js";

export interface TypecheckConfig {
  /** the package's name */
  name: string;
  dir: string;
  /** the configuration, relative to `dir` */
  config: string;
  /** `name (path from the root)` */
  label: string;
}

/** Every configuration the packages' `typecheck` scripts check. */
export function workspaceTypecheckConfigs(root: string): TypecheckConfig[] {
  return workspacePackages(root).flatMap(({ dir, name, scripts }) =>
    scripts["typecheck"] ? typecheckConfigs(scripts["typecheck"]).map((config) => ({ name, dir, config, label: `${name} (${relative(root, join(dir, config))})` })) : [],
  );
}

// Each line breaks one rule the shared strict settings turn on.
export const probeSource = `const count: number = "three";
export function implicitAny(value) {
  return value;
}
const list: string[] = [];
export const first: string = list[0];
export { count };
`;

export interface TypecheckResult {
  status: number;
  output: string;
  diagnostics: TsgoDiagnostic[];
  /** the probe's path while it existed, when there was one */
  probeFile?: string;
  /** why tsgo could not be run, or printed what is not a diagnostic (then `output` says so too) */
  failure?: string;
}

/** tsgo's verdict on one configuration, with the probe in its program when asked. */
export async function typecheckConfig({ dir, config }: TypecheckConfig, { probe = false } = {}): Promise<TypecheckResult> {
  const args = ["--noEmit", "--singleThreaded"];
  if (!probe) return runTsgo(["-p", join(dir, config), ...args], dir);
  const probeDir = mkdtempSync(join(dir, ".typecheck-probe-"));
  const probeFile = join(probeDir, "broken.ts");
  try {
    writeFileSync(probeFile, probeSource);
    // `files` adds to the `include` the configuration keeps (paths of an extended file resolve from it).
    writeFileSync(join(probeDir, "tsconfig.json"), JSON.stringify({ extends: join(dir, config), files: ["broken.ts"] }));
    return { ...(await runTsgo(["-p", "tsconfig.json", ...args], probeDir)), probeFile };
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

/** Checks every configuration, as many at once as the machine has cores; results in the same order, a failure to run tsgo among them. */
export async function typecheckAll(configs: readonly TypecheckConfig[], options: { probe?: boolean } = {}): Promise<TypecheckResult[]> {
  const results: TypecheckResult[] = new Array(configs.length);
  let next = 0;
  const check = (config: TypecheckConfig) =>
    typecheckConfig(config, options).catch((error: unknown): TypecheckResult => {
      const failure = (error as Error).message;
      return { status: 1, output: failure, diagnostics: [], failure };
    });
  await Promise.all(
    Array.from({ length: Math.min(availableParallelism(), configs.length) }, async () => {
      for (let index = next++; index < configs.length; index = next++) results[index] = await check(configs[index]!);
    }),
  );
  return results;
}
