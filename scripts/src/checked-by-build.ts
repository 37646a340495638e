// Which files a package's build has already type-checked. turbo runs the builds that
// `typecheck-workspace` depends on first, and a build's `tsc -p <config>` fails on any type error:
// a file that such a build compiled, under the same checking options as a `typecheck`
// configuration, needs no second semantic check in that configuration's program.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { typecheckConfigs } from "./workspace-packages.js";

/** The packages whose `build` turbo runs before the workspace type-check (`<name>#build` in its dependsOn). */
export function packagesBuiltBeforeTypecheck(turboConfig: { tasks?: Record<string, { dependsOn?: string[] }> }): string[] {
  const dependsOn = turboConfig.tasks?.["typecheck-workspace"]?.dependsOn ?? [];
  return dependsOn.flatMap((task) => (task.endsWith("#build") ? [task.slice(0, -"#build".length)] : []));
}

export function readTurboConfig(root: string): { tasks?: Record<string, { dependsOn?: string[] }> } {
  return JSON.parse(readFileSync(join(root, "turbo.json"), "utf8")) as { tasks?: Record<string, { dependsOn?: string[] }> };
}

/** Options that change what tsc writes, or where, but not which errors it reports about a file. */
const emitOnlyOptions = new Set([
  "configFilePath",
  "pathsBasePath",
  "noEmit",
  "noEmitOnError",
  "emitDeclarationOnly",
  "declaration",
  "declarationMap",
  "declarationDir",
  "sourceMap",
  "inlineSourceMap",
  "inlineSources",
  "outDir",
  "rootDir",
  "removeComments",
  "incremental",
  "composite",
  "tsBuildInfoFile",
]);

function checkingOptions(options: ts.CompilerOptions): string {
  const kept = Object.keys(options)
    .filter((key) => !emitOnlyOptions.has(key))
    .sort()
    .map((key) => [key, options[key]]);
  return JSON.stringify(kept);
}

/** True when two configurations report the same errors for a file that both compile. */
export function sameChecking(a: ts.CompilerOptions, b: ts.CompilerOptions): boolean {
  return checkingOptions(a) === checkingOptions(b);
}

function parseConfig(path: string): ts.ParsedCommandLine | undefined {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, "tsconfig.json") : path;
  const parsed = ts.getParsedCommandLineOfConfigFile(file, undefined, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  return parsed && parsed.errors.length === 0 ? parsed : undefined;
}

/**
 * The files that the package's `build` script checks with tsc under the same options as `options`
 * (a `typecheck` configuration's). A tsc command with `--noCheck` checks nothing and counts for none.
 */
export function filesCheckedByBuild(packageDir: string, buildScript: string | undefined, options: ts.CompilerOptions): Set<string> {
  const files = new Set<string>();
  if (!buildScript) return files;
  const checkingCommands = buildScript
    .split("&&")
    .filter((command) => !/--noCheck\b/.test(command))
    .join("&&");
  for (const config of typecheckConfigs(checkingCommands)) {
    const parsed = parseConfig(join(packageDir, config));
    if (parsed && sameChecking(parsed.options, options)) for (const file of parsed.fileNames) files.add(file);
  }
  return files;
}
