// Usage: tsx scripts/typecheck-workspace.ts
// Type-checks every package of the workspace under each configuration its `typecheck` script hands
// to tsc (`tsc --noEmit`, `tsc -p <config>`), in one process: the parsed standard library and
// declarations are shared by all the programs instead of each tsc run parsing them again. Exits 1
// and prints tsc's diagnostics if any program has an error. `npm test` runs this; a package's own
// `typecheck` script still checks that package alone.
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { sharedHost } from "./src/shared-host.js";
import { typecheckConfigs, workspacePackages } from "./src/workspace-packages.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => "\n" };
const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;

let failed = 0;
for (const { dir, name, scripts } of workspacePackages(root)) {
  const script = scripts["typecheck"];
  if (!script) continue;
  for (const config of typecheckConfigs(script)) {
    const configPath = join(dir, config);
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const diagnostics = parsed
      ? parsed.errors.length > 0
        ? parsed.errors
        : ts.getPreEmitDiagnostics(ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host: sharedHost(parsed.options), projectReferences: parsed.projectReferences ?? [] }))
      : [];
    const errors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    const label = `${name} (${relative(root, configPath)})`;
    if (!parsed) {
      failed += 1;
      console.error(`${label}: cannot read the configuration`);
    } else if (errors.length > 0) {
      failed += 1;
      console.error(`${label}: ${errors.length} error${errors.length === 1 ? "" : "s"}\n${format(diagnostics, formatHost)}`);
    } else {
      console.log(`${label}: no errors`);
    }
  }
}
process.exit(failed > 0 ? 1 : 0);
