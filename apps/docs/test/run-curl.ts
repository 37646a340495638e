// Runs curl with the words a sample gave it and returns the status and body of the answer.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const statusMarker = "\nHTTP status: ";

export interface CurlResult {
  status: number;
  body: string;
  /** curl's exit code: 0, or 28 when --max-time ended a transfer still under way. */
  exitCode: number;
}

export async function runCurl(args: string[], { maxTime = 30, cwd }: { maxTime?: number; cwd?: string } = {}): Promise<CurlResult> {
  const all = [...args, "--silent", "--show-error", "--max-time", String(maxTime), "--write-out", `${statusMarker}%{http_code}`];
  let stdout: string;
  let exitCode = 0;
  try {
    ({ stdout } = await run("curl", all, { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failure.code !== "number" || failure.stdout === undefined) throw error;
    exitCode = failure.code;
    stdout = failure.stdout;
  }
  const at = stdout.lastIndexOf(statusMarker);
  return { status: Number(stdout.slice(at + statusMarker.length)), body: stdout.slice(0, at), exitCode };
}
