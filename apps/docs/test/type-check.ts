// Type-checks a folder of TypeScript files with its own tsconfig.json, the way the samples and the
// guide's recipes are checked: diagnostics grouped by file.
import { join } from "node:path";
import ts from "typescript";

export const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" };

/** A tsconfig.json for a folder of samples: the repository's shared settings, Node's types. */
export function samplesTsconfig(): string {
  return `${JSON.stringify({ extends: "@postmark-openapi/typescript-config/base.json", compilerOptions: { noEmit: true, types: ["node"] }, include: ["*.ts"] }, null, 2)}\n`;
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
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
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
