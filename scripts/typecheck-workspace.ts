// Usage: tsx scripts/typecheck-workspace.ts
// Type-checks every package of the workspace under each configuration its `typecheck` script hands
// to tsc (`tsc --noEmit`, `tsc -p <config>`), in one process: the parsed standard library and
// declarations are shared by all the programs instead of each tsc run parsing them again. Exits 1
// and prints tsc's diagnostics if any program has an error. `npm test` runs this; a package's own
// `typecheck` script still checks that package alone.
// The files that a build run before this one (turbo.json's dependsOn) already checked under the
// same options are parsed and used, but not checked a second time (src/checked-by-build.ts).
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { filesCheckedByBuild, packagesBuiltBeforeTypecheck, readTurboConfig } from "./src/checked-by-build.js";
import { sharedHost } from "./src/shared-host.js";
import { typecheckConfigs, workspacePackages } from "./src/workspace-packages.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => "\n" };
const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;

const builtFirst = new Set(packagesBuiltBeforeTypecheck(readTurboConfig(root)));

let skipped = 0;

/** tsc's diagnostics for the program, as getPreEmitDiagnostics gives them, but no semantic check of the files in `checked`. */
function diagnosticsOf(program: ts.Program, checked: Set<string>): readonly ts.Diagnostic[] {
  const toCheck = program.getSourceFiles().filter((file) => !checked.has(file.fileName));
  skipped += program.getSourceFiles().length - toCheck.length;
  return [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...toCheck.flatMap((file) => program.getSemanticDiagnostics(file)),
  ];
}

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
        : diagnosticsOf(
            ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host: sharedHost(parsed.options), projectReferences: parsed.projectReferences ?? [] }),
            builtFirst.has(name) ? filesCheckedByBuild(dir, scripts["build"], parsed.options) : new Set(),
          )
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
if (skipped > 0) console.log(`${skipped} files were checked by their package's build already (${[...builtFirst].join(", ")}), and not again`);
process.exit(failed > 0 ? 1 : 0);
