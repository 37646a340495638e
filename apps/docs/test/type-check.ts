// Type-checks a folder of TypeScript files with its own tsconfig.json, the way the samples and the
// guide's recipes are checked: diagnostics grouped by file. The test files share this module
// (`isolate: false`), so the standard library and the packages' declarations are parsed and bound
// once for all their programs instead of once per folder.
import { join } from "node:path";
import ts from "typescript";

export const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" };

/** A tsconfig.json for a folder of samples: the repository's shared settings, Node's types. */
export function samplesTsconfig(): string {
  return `${JSON.stringify({ extends: "@postmark-openapi/typescript-config/base.json", compilerOptions: { noEmit: true, types: ["node"] }, include: ["*.ts"] }, null, 2)}\n`;
}

/** Parsed files by language version, module format and path; nothing they read changes during a run. */
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

function sharedHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  return {
    ...host,
    getSourceFile: (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
      // The folders' own files are written afresh by each test: only declarations are shared.
      if (!fileName.endsWith(".d.ts")) return host.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
      const settings = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
      const key = `${settings.languageVersion} ${settings.impliedNodeFormat ?? ""} ${settings.jsDocParsingMode ?? ""} ${fileName}`;
      if (shouldCreateNewSourceFile || !parsedFiles.has(key)) parsedFiles.set(key, host.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile));
      return parsedFiles.get(key);
    },
  };
}

export function typeCheckFolder(dir: string): Map<string, ts.Diagnostic[]> {
  const configFile = join(dir, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (!config) throw new Error(`Cannot read ${configFile}`);
  if (config.errors.length > 0) throw new Error(ts.formatDiagnostics(config.errors, formatHost));
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host: sharedHost(config.options) });
  const byFile = new Map<string, ts.Diagnostic[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? "(global)";
    byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
  }
  return byFile;
}

export function messagesOf(diagnostics: ts.Diagnostic[] | undefined): string {
  return (diagnostics ?? []).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")).join("\n");
}
