// Type-checks a folder of TypeScript files with its own tsconfig.json, the way the samples and the
// guide's recipes are checked: with the workspace's compiler (tsgo, TypeScript 7, from
// @postmark-openapi/typescript-config), its diagnostics grouped by file.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const tsgo = createRequire(import.meta.url).resolve("@postmark-openapi/typescript-config/tsgo.mjs");

/** A tsconfig.json for a folder of samples: the repository's shared settings, Node's types. */
export function samplesTsconfig(): string {
  return `${JSON.stringify({ extends: "@postmark-openapi/typescript-config/base.json", compilerOptions: { noEmit: true, types: ["node"] }, include: ["*.ts"] }, null, 2)}\n`;
}

// `file(line,col): error TS1234: message`, or `error TS1234: message` for the whole program; the
// lines of a message's chain follow, indented.
const diagnosticStart = /^(?:(.+?)\(\d+,\d+\): )?(?:error|warning|message) TS\d+: /;

/** Each diagnostic as tsgo prints it (its chain included), by the absolute path of its file, or "(global)". */
export function typeCheckFolder(dir: string): Map<string, string[]> {
  const run = spawnSync(process.execPath, [tsgo, "-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: dir, encoding: "utf8" });
  if (run.error) throw run.error;
  const printed: { file: string; lines: string[] }[] = [];
  for (const line of `${run.stdout}${run.stderr}`.split("\n")) {
    const start = diagnosticStart.exec(line);
    const last = printed.at(-1);
    if (start) printed.push({ file: start[1] ? resolve(dir, start[1]) : "(global)", lines: [line] });
    else if (last && line.startsWith(" ") && line.trim()) last.lines.push(line);
    else if (line.trim()) throw new Error(`tsgo printed what is not a diagnostic: ${line}\n${run.stdout}${run.stderr}`);
  }
  const byFile = new Map<string, string[]>();
  for (const { file, lines } of printed) byFile.set(file, [...(byFile.get(file) ?? []), lines.join("\n")]);
  if (run.status !== 0 && byFile.size === 0) throw new Error(`tsgo exited with ${run.status ?? run.signal} and no diagnostic:\n${run.stdout}${run.stderr}`);
  return byFile;
}

/** The diagnostics of one file, as tsgo printed them, one after another. */
export function messagesOf(diagnostics: string[] | undefined): string {
  return (diagnostics ?? []).join("\n");
}
