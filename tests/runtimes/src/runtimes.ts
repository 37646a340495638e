// Runs the checks program on each runtime and collects its results.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { binaryPath } from "./binaries.js";
import { run, start } from "./processes.js";
import { freePort } from "./servers.js";
import type { CheckResult, ProgramConfig } from "../program/program.js";

export type { CheckResult, ProgramConfig };

export interface RuntimeReport {
  runtime: string;
  results: CheckResult[];
}

const runTimeoutMs = 60_000;

/** Environment for the runtimes: no update checks, no telemetry, nothing that phones home. */
function quietEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DO_NOT_TRACK: "1", DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", BUN_DISABLE_TELEMETRY: "1", NO_COLOR: "1" };
}

function lastJsonLine(output: string): RuntimeReport {
  const line = output.trim().split("\n").filter((text) => text.startsWith("{")).pop();
  if (!line) throw new Error(`no results in the output:\n${output}`);
  return JSON.parse(line) as RuntimeReport;
}

async function runCli(command: string, args: string[], projectDir: string, config: ProgramConfig): Promise<RuntimeReport> {
  const finished = await run(command, [...args, JSON.stringify(config)], { cwd: projectDir, env: quietEnv(), timeoutMs: runTimeoutMs });
  if (finished.code !== 0) throw new Error(`${command} exited with ${finished.code}:\n${finished.stdout}\n${finished.stderr}`);
  return lastJsonLine(finished.stdout);
}

export const runOnNode = (projectDir: string, config: ProgramConfig) => runCli(process.execPath, ["cli-entry.js"], projectDir, config);

/**
 * The Node that started `npm test` (WORKSPACE_MACHINE_NODE), when it is another version than the
 * one running the tests: the bootstrap runs the workspace on Node 24, and the client also promises
 * the machine's older Node (20.19 at the oldest).
 */
export function machineNode(): { path: string; version: string } | undefined {
  const path = process.env["WORKSPACE_MACHINE_NODE"];
  if (!path) return undefined;
  const version = execFileSync(path, ["-p", "process.version"], { encoding: "utf8" }).trim();
  return version === process.version ? undefined : { path, version };
}

export const runOnNodeAt = (nodePath: string) => (projectDir: string, config: ProgramConfig) => runCli(nodePath, ["cli-entry.js"], projectDir, config);

export const runOnBun = (projectDir: string, config: ProgramConfig) => runCli(binaryPath("bun"), ["cli-entry.js"], projectDir, config);

// Deno uses the node_modules that npm laid out (it cannot install a tarball itself), and may
// reach the loopback address only.
export const runOnDeno = (projectDir: string, config: ProgramConfig) =>
  runCli(binaryPath("deno"), ["run", "--allow-net=127.0.0.1", "--no-prompt", "cli-entry.js"], projectDir, config);

/** workerd's configuration: the worker's modules by name, and an outbound network that may reach 127.0.0.1. */
function workerdConfig(port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "checks", worker = .checksWorker),
    # By default a worker reaches public addresses only; the mock and the front are on 127.0.0.1.
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "checks")],
);

const checksWorker :Workerd.Worker = (
  modules = [
    (name = "worker-entry.js", esModule = embed "worker-entry.js"),
    (name = "program.js", esModule = embed "program.js"),
    (name = "@postmark-openapi/client", esModule = embed "node_modules/@postmark-openapi/client/dist/index.js"),
  ],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
`;
}

export async function runOnWorkerd(projectDir: string, config: ProgramConfig): Promise<RuntimeReport> {
  const port = await freePort();
  writeFileSync(join(projectDir, "workerd.capnp"), workerdConfig(port));
  const server = start(binaryPath("workerd"), ["serve", "workerd.capnp"], { cwd: projectDir, env: quietEnv() });
  let log = "";
  server.stdout?.on("data", (chunk: Buffer) => (log += chunk));
  server.stderr?.on("data", (chunk: Buffer) => (log += chunk));
  try {
    const url = `http://127.0.0.1:${port}/?config=${encodeURIComponent(JSON.stringify(config))}`;
    const deadline = Date.now() + runTimeoutMs;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`workerd exited with ${server.exitCode}:\n${log}`);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
        if (!response.ok) throw new Error(`workerd answered HTTP ${response.status}: ${await response.text()}\n${log}`);
        const report = (await response.json()) as RuntimeReport;
        return { ...report, runtime: `workerd ${workerdVersion()}` };
      } catch (error) {
        // Not listening yet: try again shortly, until the deadline.
        const refused = error instanceof TypeError && Date.now() < deadline;
        if (!refused) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    server.kill("SIGKILL");
  }
}

function workerdVersion(): string {
  return JSON.parse(readFileSync(createRequire(import.meta.url).resolve("workerd/package.json"), "utf8")).version;
}
