// Child processes: every measurement runs in a fresh one, so its CPU time, memory and start-up
// belong to what is measured and not to the harness.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";

/**
 * Runs a Node module in a fresh process and resolves with the one message it sends back
 * (`process.send(result)`), once the process has exited cleanly.
 */
export function runWorker<Result>(
  modulePath: string,
  args: (string | number)[] = [],
  { execArgv = [], timeoutMs = 120_000, env = process.env }: { execArgv?: string[]; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(modulePath, args.map(String), { execArgv, env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: Result | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${modulePath} ${args.join(" ")} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("message", (message) => {
      result = message as Result;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`${modulePath} ${args.join(" ")} exited with ${signal ?? code}${result === undefined ? " and no result" : ""}`));
    });
  });
}

/** Starts a long-running helper module and resolves with its first message (its URL, and whatever else it reports). */
export type Helper<Report = object> = Report & {
  url: string;
  stop(): Promise<void>;
};

export function startHelper<Report = object>(modulePath: string, args: (string | number)[] = [], { execArgv = [] }: { execArgv?: string[] } = {}): Promise<Helper<Report>> {
  return new Promise((resolve, reject) => {
    const child = fork(modulePath, args.map(String), { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (message) => resolve({ ...(message as Report & { url: string }), stop: () => stopProcess(child) }));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${modulePath} exited early with ${code}`)));
  });
}

/** Wall time of one command from spawn to exit, in ms, with what it printed; rejects when it fails. */
export function timeCommand(
  command: string,
  args: string[],
  { cwd, env = process.env, timeoutMs = 600_000 }: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      if (code === 0) resolve({ ms, stdout, stderr });
      else reject(new Error(`${command} ${args.join(" ")} exited with ${signal ?? code}\n${(stdout + stderr).slice(-3000)}`));
    });
  });
}

/** Sends SIGTERM to a process we started and waits for it to go (SIGKILL after 5 s). */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A port that was free a moment ago, for servers that need one on their command line. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `ready` (every `intervalMs`) until it holds; rejects if the process exits first or after
 * 60 s, naming `what` is being waited for.
 */
export async function waitUntilReady(child: ChildProcess, ready: () => Promise<boolean>, what: string, intervalMs: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline && !exited) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(exited ? `${what} exited before answering` : `${what} did not answer within 60 s`);
}

const clockTicks = 100;

/** A process's parent and CPU seconds so far (its own, and its waited-for children's), from /proc (Linux); undefined elsewhere or once it is gone. */
export function processStat(pid: string | number): { ppid: number; seconds: number; childSeconds: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
    return { ppid: Number(fields[1]), seconds: (utime! + stime!) / clockTicks, childSeconds: (cutime! + cstime!) / clockTicks };
  } catch {
    return undefined;
  }
}

/** A process's resident memory now and at its peak, in bytes, from /proc (Linux); undefined elsewhere or once it is gone. */
export function residentMemory(pid: string | number): { rssBytes: number; peakBytes: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kilobytes = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rssBytes: kilobytes("VmRSS"), peakBytes: kilobytes("VmHWM") };
  } catch {
    return undefined;
  }
}
