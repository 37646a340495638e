// Runs the workspace's compiler (tsgo.ts) and reads what it printed: for the workspace's type-check,
// and for the tests that check a folder or a configuration with it (the probe of each
// configuration, the docs' samples, the mock's handler table, the client's README examples).
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The path of the `tsgo` script, to run with `node`. */
export const tsgoScript = fileURLToPath(new URL("./tsgo.ts", import.meta.url));

export interface TsgoDiagnostic {
  /** the absolute path of the file, or undefined for an error of the whole program */
  file: string | undefined;
  /** 1-based; 0 without a file */
  line: number;
  category: "error" | "warning" | "message";
  /** "TS2322" */
  code: string;
  /** the diagnostic as tsgo printed it, the lines of its chain included */
  text: string;
}

// `file(line,col): error TS1234: message`, or `error TS1234: message` for the whole program; the
// further lines of a message's chain follow, indented.
const diagnosticStart = /^(?:(.+?)\((\d+),\d+\): )?(error|warning|message) (TS\d+): /;

/** Runs tsgo with `args` (plus `--pretty false`) in `cwd`, and reads its diagnostics. Rejects when tsgo fails without printing one. */
export async function runTsgo(args: readonly string[], cwd: string): Promise<{ status: number; output: string; diagnostics: TsgoDiagnostic[] }> {
  const run = await new Promise<{ status: number; output: string }>((done, fail) =>
    execFile(process.execPath, [tsgoScript, ...args, "--pretty", "false"], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A non-zero exit code is tsgo's verdict; no exit code (not started, killed) is a failure to run it.
      if (error && typeof error.code !== "number") fail(error);
      else done({ status: typeof error?.code === "number" ? error.code : 0, output: `${stdout}${stderr}` });
    }),
  );
  const { output } = run;
  const diagnostics: TsgoDiagnostic[] = [];
  for (const line of output.split("\n")) {
    const start = diagnosticStart.exec(line);
    const last = diagnostics.at(-1);
    if (start)
      diagnostics.push({
        file: start[1] === undefined ? undefined : resolve(cwd, start[1]),
        line: Number(start[2] ?? 0),
        category: start[3] as TsgoDiagnostic["category"],
        code: start[4] ?? "",
        text: line,
      });
    else if (last && line.startsWith(" ") && line.trim()) last.text += `\n${line}`;
    else if (line.trim()) throw new Error(`tsgo printed what is not a diagnostic: ${line}\n${output}`);
  }
  if (run.status !== 0 && diagnostics.length === 0) throw new Error(`tsgo exited with ${run.status} and no diagnostic:\n${output}`);
  return { status: run.status, output, diagnostics };
}
