// Checks a publishable package the way a user would receive it: packs it with pnpm (which rewrites
// `workspace:` ranges), then inspects the tarball's manifest and files, lints it with publint and
// Are the Types Wrong, and installs it with npm into an empty project outside the workspace.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { compareWithPatterns } from "./globs.js";
import { packedTarball } from "./tarball.js";
import { workspacePackages } from "./workspace-packages.js";

const require = createRequire(import.meta.url);

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown> | string;
  bin?: Record<string, string> | string;
  types?: string;
  [key: string]: unknown;
}

export interface PackCheckResult {
  name: string;
  version: string;
  tarball: string;
  files: string[];
  problems: string[];
}

const dependencyFields = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** `workspace:` ranges left in a manifest, as "field.name@range". */
export function workspaceRanges(manifest: Manifest): string[] {
  return dependencyFields.flatMap((field) =>
    Object.entries((manifest[field] ?? {}) as Record<string, string>)
      .filter(([, range]) => range.startsWith("workspace:"))
      .map(([name, range]) => `${field}.${name}@${range}`),
  );
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path).split("\\").join("/")];
  });
}

/** The package's expected tarball contents: one pattern a line in pack-files.txt, `#` comments. */
export function readExpectedFiles(packageDir: string): string[] {
  const path = join(packageDir, "pack-files.txt");
  if (!existsSync(path)) throw new Error(`${path} is missing: list the files the package should publish, one pattern a line`);
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Every export target that is a file path, by subpath, following conditions. */
export function exportTargets(manifest: Manifest): { subpath: string; target: string }[] {
  const exportsField = typeof manifest.exports === "string" ? { ".": manifest.exports } : (manifest.exports ?? {});
  const targets: { subpath: string; target: string }[] = [];
  const walk = (subpath: string, value: unknown): void => {
    if (typeof value === "string") targets.push({ subpath, target: value });
    else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(subpath, inner);
  };
  for (const [subpath, value] of Object.entries(exportsField)) walk(subpath, value);
  return targets;
}

const moduleFile = /\.(?:[cm]?js|json|d\.[cm]?ts)$/;

/** Export subpaths that are modules (JavaScript or JSON) and those that are plain data files. */
export function splitEntries(manifest: Manifest): { modules: string[]; data: string[] } {
  const bySubpath = new Map<string, string[]>();
  for (const { subpath, target } of exportTargets(manifest)) bySubpath.set(subpath, [...(bySubpath.get(subpath) ?? []), target]);
  const modules: string[] = [];
  const data: string[] = [];
  for (const [subpath, targets] of bySubpath) (targets.some((target) => moduleFile.test(target)) ? modules : data).push(subpath);
  return { modules, data };
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Runs a command that may fail, returning its output and whether it succeeded. */
function attempt(command: string, args: string[], cwd: string): { ok: boolean; output: string } {
  try {
    return { ok: true, output: run(command, args, cwd) };
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

export interface PackCheckOptions {
  /** Are the Types Wrong (default on). */
  attw?: boolean;
  /** npm install into an empty project (default on). */
  install?: boolean;
  /** Check the tarballs the packages' `pack` tasks made (see tarball.ts) instead of packing here. */
  packed?: boolean;
}

export async function packCheck(packageDir: string, options: PackCheckOptions = {}): Promise<PackCheckResult> {
  const source = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Manifest;
  const problems: string[] = [];
  if (source.private) problems.push(`${source.name} is private: only publishable packages are pack-checked`);

  const work = mkdtempSync(join(tmpdir(), "pack-check-"));
  try {
    const tarball = options.packed ? packedTarball(packageDir) : packInto(packageDir, work);
    const tarballName = basename(tarball);
    const unpacked = join(work, "unpacked");
    execFileSync("mkdir", ["-p", unpacked]);
    run("tar", ["-xzf", tarball, "-C", unpacked], work);
    const packageRoot = join(unpacked, "package");
    const packed = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as Manifest;

    for (const range of workspaceRanges(packed)) problems.push(`packed package.json keeps a workspace range: ${range}`);
    if (JSON.stringify(packed).includes("workspace:")) problems.push("packed package.json still mentions workspace:");

    const files = listFiles(packageRoot).sort();
    const { unexpected, unmatched } = compareWithPatterns(files, readExpectedFiles(packageDir));
    for (const file of unexpected) problems.push(`packed but not listed in pack-files.txt: ${file}`);
    for (const pattern of unmatched) problems.push(`pack-files.txt expects ${pattern}, which the tarball lacks`);
    for (const { subpath, target } of exportTargets(packed)) {
      if (!target.includes("*") && !existsSync(join(packageRoot, target))) problems.push(`export ${subpath} points at ${target}, which is not packed`);
    }

    const lint = await publint({ pkgDir: packageRoot, strict: true, pack: false });
    for (const message of lint.messages) problems.push(`publint ${message.type}: ${formatMessage(message, packed) ?? message.code}`);

    // Type resolution only means something for module entries; a YAML file is data to read.
    const { modules, data } = splitEntries(packed);
    if (options.attw !== false && modules.length > 0) {
      const attwBin = join(require.resolve("@arethetypeswrong/cli/package.json"), "..", "dist", "index.js");
      const exclude = data.length > 0 ? ["--exclude-entrypoints", ...data] : [];
      // ESM-only packages: require() of them is not a supported use, so that profile is the one to hold.
      const result = attempt(process.execPath, [attwBin, tarball, "--profile", "esm-only", "--format", "ascii", "--no-emoji", ...exclude], work);
      if (!result.ok) problems.push(`attw:\n${result.output.trim()}`);
    }

    if (options.install !== false) problems.push(...installInEmptyProject([tarball, ...packWorkspaceDependencies(packageDir, source, work, options.packed === true)], packed, work));

    return { name: packed.name, version: packed.version, tarball: tarballName, files, problems };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Packs the package with pnpm into a folder; returns the tarball's path. */
function packInto(packageDir: string, destination: string): string {
  const before = new Set(readdirSync(destination));
  run("pnpm", ["pack", "--pack-destination", destination], packageDir);
  const tarballName = readdirSync(destination).find((file) => file.endsWith(".tgz") && !before.has(file));
  if (!tarballName) throw new Error(`pnpm pack wrote no tarball for ${packageDir}`);
  return join(destination, tarballName);
}

/**
 * Runtime dependencies on other packages of this workspace (`workspace:` ranges), packed too: they
 * are published alongside, so the install takes their tarballs instead of the registry's copies.
 */
function packWorkspaceDependencies(packageDir: string, source: Manifest, work: string, packed: boolean): string[] {
  const names = Object.entries((source["dependencies"] ?? {}) as Record<string, string>)
    .filter(([, range]) => range.startsWith("workspace:"))
    .map(([name]) => name);
  if (names.length === 0) return [];
  let root = packageDir;
  while (!existsSync(join(root, "pnpm-workspace.yaml"))) {
    if (dirname(root) === root) throw new Error(`${source.name} has workspace dependencies but no pnpm-workspace.yaml above it`);
    root = dirname(root);
  }
  const packages = workspacePackages(root);
  const destination = join(work, "workspace-dependencies");
  execFileSync("mkdir", ["-p", destination]);
  return names.map((name) => {
    const dependency = packages.find((candidate) => candidate.name === name);
    if (!dependency) throw new Error(`${source.name} depends on ${name}, which is not a package of this workspace`);
    return packed ? packedTarball(dependency.dir) : packInto(dependency.dir, destination);
  });
}

/** Installs the tarballs with npm into a new project outside the workspace and loads every entry of the first. */
function installInEmptyProject(tarballs: string[], packed: Manifest, work: string): string[] {
  const problems: string[] = [];
  const project = join(work, "consumer");
  execFileSync("mkdir", ["-p", project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "pack-check-consumer", private: true, type: "module" }));
  const install = attempt("npm", ["install", ...tarballs, "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline", "--loglevel=error"], project);
  if (!install.ok) return [`npm install of the tarball failed:\n${install.output.trim()}`];

  // Each export, resolved and loaded the way a user's code would: JSON with an import attribute,
  // JavaScript by import, anything else (YAML) by resolving it to a file.
  const subpaths = [...new Set(exportTargets(packed).map(({ subpath }) => subpath))].filter((subpath) => !subpath.includes("*"));
  // An entry built on an optional peer dependency (not installed here) loads only beside it.
  const optionalPeers = Object.entries((packed["peerDependenciesMeta"] ?? {}) as Record<string, { optional?: boolean }>)
    .filter(([, meta]) => meta.optional)
    .map(([name]) => name);
  const probe = `
const optionalPeers = ${JSON.stringify(optionalPeers)};
const results = [];
for (const subpath of ${JSON.stringify(subpaths)}) {
  const specifier = ${JSON.stringify(packed.name)} + subpath.slice(1);
  try {
    const url = import.meta.resolve(specifier);
    if (url.endsWith(".json")) await import(specifier, { with: { type: "json" } });
    else if (/\\.[cm]?js$/.test(url)) await import(specifier);
    else await import("node:fs").then((fs) => fs.promises.access(new URL(url)));
  } catch (error) {
    const missingPeer = error.code === "ERR_MODULE_NOT_FOUND" && optionalPeers.some((name) => error.message.startsWith("Cannot find package '" + name + "'"));
    if (!missingPeer) results.push(subpath + ": " + error.message);
  }
}
console.log(JSON.stringify(results));
`;
  const loaded = attempt(process.execPath, ["--input-type=module", "-e", probe], project);
  if (!loaded.ok) problems.push(`loading the installed package failed:\n${loaded.output.trim()}`);
  else for (const failure of JSON.parse(loaded.output.trim().split("\n").at(-1) ?? "[]") as string[]) problems.push(`installed export ${failure}`);

  const bins = typeof packed.bin === "string" ? { [packed.name]: packed.bin } : (packed.bin ?? {});
  for (const name of Object.keys(bins)) {
    if (!existsSync(join(project, "node_modules", ".bin", name))) problems.push(`bin ${name} was not linked by npm install`);
  }
  return problems;
}
