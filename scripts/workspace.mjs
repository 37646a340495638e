#!/usr/bin/env node
// Entry point of `npm test`, `npm start`, `npm run build` and `npm run lint`.
// A fresh machine has only Node and npm: this script brings the pinned pnpm into
// .tools/, installs the workspace, then hands the task to turbo.
// It is JavaScript on purpose: it runs before anything is installed, and Node 20 cannot run
// TypeScript by itself. JSDoc types let tsc check it strictly (scripts/tsconfig.json, checkJs).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { workspaceEnv } from "./workspace-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const toolsDir = join(root, ".tools");
const toolsBin = join(toolsDir, "node_modules", ".bin");

const env = workspaceEnv(root);

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import("node:child_process").SpawnSyncOptions} [options]
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function installedPnpmVersion() {
  const pnpmBin = join(toolsBin, process.platform === "win32" ? "pnpm.cmd" : "pnpm");
  if (!existsSync(pnpmBin)) return undefined;
  const result = spawnSync(pnpmBin, ["--version"], { env, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function ensurePnpm() {
  if (installedPnpmVersion() === pnpmVersion) return;
  console.log(`Installing pnpm ${pnpmVersion} into .tools/`);
  run("npm", ["install", "--prefix", toolsDir, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `pnpm@${pnpmVersion}`]);
}

/** Every package.json of the workspace, from pnpm-workspace.yaml's `packages:` list. */
function workspaceManifests() {
  const text = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const block = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(text)?.[1] ?? "";
  const patterns = [...block.matchAll(/-\s*["']?([^"'\n]+?)["']?\s*$/gm)].map((match) => match[1] ?? "");
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [join(pattern, "package.json")];
    const parent = pattern.slice(0, -2);
    const entries = existsSync(join(root, parent)) ? readdirSync(join(root, parent)) : [];
    return entries.map((entry) => join(parent, entry, "package.json"));
  });
}

/** A digest of what an install depends on: Node, pnpm, the lockfile and every manifest. */
function installInputs() {
  const hash = createHash("sha256").update(`${process.version} ${pnpmVersion}\n`);
  for (const file of ["pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc", "package.json", ...workspaceManifests()]) {
    const path = join(root, file);
    hash.update(`${file}\n`).update(existsSync(path) ? readFileSync(path) : "");
  }
  return hash.digest("hex");
}

// pnpm takes one to two seconds even to find that nothing changed; `npm start` and `npm test` skip
// it when nothing it reads has changed since the last install. CI always installs.
const installStamp = join(root, "node_modules", ".workspace-install-stamp");

function installWorkspace() {
  if (!process.env.CI && existsSync(installStamp) && readFileSync(installStamp, "utf8") === installInputs()) return;
  const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
  run("pnpm", ["install", ...frozen, "--reporter=append-only"]);
  writeFileSync(installStamp, installInputs());
}

// npm script → turbo runs, one after the other. `test` is one run of the whole graph: linting,
// type-checking, the tests and the pack checks of one package wait only for what they read, so
// independent packages keep both cores busy. `mock` and `docs` start one server each; `start` both.
/** @type {Record<string, string[][]>} */
const turboTasks = {
  // The publishable packages' tarballs too: the tests that install them read them.
  build: [["lint", "build", "pack"]],
  lint: [["lint"]],
  typecheck: [["typecheck"]],
  test: [["lint", "typecheck", "test", "pack-check", "--concurrency=4"]],
  start: [["start", "--filter=@postmark-openapi/mock", "--filter=@postmark-openapi/docs"]],
  mock: [["start", "--filter=@postmark-openapi/mock"]],
  docs: [["start", "--filter=@postmark-openapi/docs"]],
  bench: [["bench", "--filter=@postmark-openapi/bench", "--log-prefix=none"]],
};

const task = process.argv[2];
const runs = task === undefined ? undefined : turboTasks[task];
if (!runs) {
  console.error(`Usage: node scripts/workspace.mjs <${Object.keys(turboTasks).join("|")}>`);
  process.exit(2);
}

ensurePnpm();
installWorkspace();
// Anything after the task name (`npm run mock -- --port 5000`) goes to the package's script.
const extraArgs = process.argv.slice(3);
for (const turboArgs of runs) run("pnpm", ["exec", "turbo", "run", ...turboArgs, ...(extraArgs.length > 0 ? ["--", ...extraArgs] : [])]);
