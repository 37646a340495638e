// Type-checks the checks program in the consumer project the ways users compile: TypeScript with
// moduleResolution bundler and node16, and deno check. The two TypeScript configurations are
// checked in this process, as `tsc -p <config>` would, with the standard library and the
// packages' declarations parsed once for both instead of once per tsc run.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { binaryPath } from "./binaries.js";
import { run, type Finished } from "./processes.js";

const strictOptions = {
  strict: true,
  noEmit: true,
  target: "ES2022",
  lib: ["ES2022", "DOM", "DOM.Iterable"],
  types: [],
  // The package's own declaration files are checked too, as a consumer's build would; TypeScript's
  // standard library (lib.dom.d.ts above all), which ships checked, is not checked again.
  skipLibCheck: false,
  skipDefaultLibCheck: true,
  noUncheckedIndexedAccess: true,
};

const resolutions = {
  bundler: { module: "ESNext", moduleResolution: "bundler" },
  node16: { module: "node16", moduleResolution: "node16" },
} as const;

export type Resolution = keyof typeof resolutions;

// Parsed declaration files by language version, module format and path, shared by the configurations.
const parsedDeclarations = new Map<string, ts.SourceFile | undefined>();

function sharingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (!fileName.endsWith(".d.ts")) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    const settings = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    const key = `${settings.languageVersion} ${settings.impliedNodeFormat ?? ""} ${settings.jsDocParsingMode ?? ""} ${fileName}`;
    if (shouldCreateNewSourceFile || !parsedDeclarations.has(key)) parsedDeclarations.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile));
    return parsedDeclarations.get(key);
  };
  return host;
}

/** Writes tsconfig.<resolution>.json beside the program and checks it as `tsc -p` does: exit code 0, or 2 and tsc's diagnostics. */
export async function typecheckWithTsc(projectDir: string, resolution: Resolution): Promise<Finished> {
  const file = join(projectDir, `tsconfig.${resolution}.json`);
  writeFileSync(file, JSON.stringify({ compilerOptions: { ...strictOptions, ...resolutions[resolution] }, files: ["program.ts"] }, null, 2));
  const configErrors: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(file, undefined, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic) });
  const diagnostics = parsed
    ? [...parsed.errors, ...ts.getPreEmitDiagnostics(ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host: sharingHost(parsed.options) }))]
    : configErrors;
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => projectDir, getNewLine: () => "\n" };
  return { code: diagnostics.length === 0 ? 0 : 2, stdout: ts.formatDiagnostics(diagnostics, host), stderr: "" };
}

export function typecheckWithDeno(projectDir: string): Promise<Finished> {
  return run(binaryPath("deno"), ["check", "--quiet", "program.ts"], {
    cwd: projectDir,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" },
    timeoutMs: 120_000,
  });
}
