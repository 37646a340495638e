// Every package's `typecheck` runs tsc over its handwritten TypeScript in strict mode: a file with
// type errors, checked under each configuration the script uses, makes tsc fail on exactly that file.
//
// What this guards is each configuration's compiler options (the package's own files are checked by
// its `typecheck` task). So the probe is the only root file of each program, and one compiler in
// this process checks it under every configuration: the standard library and @types/node, which
// are most of the work, are parsed once and shared by all the programs instead of once per tsc run.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { sharedHost } from "./shared-host.js";
import { typecheckConfigs, workspacePackages } from "./workspace-packages.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

// Each line breaks one rule the shared strict settings turn on.
const brokenSource = `const count: number = "three";
export function implicitAny(value) {
  return value;
}
const list: string[] = [];
export const first: string = list[0];
export { count };
`;

const expectedErrors = ["TS2322", "TS7006"];

/** A compiler host on the real file system (parsed files shared by every program) that also holds the probe file, which is never written. */
function probeHost(options: ts.CompilerOptions, probeFile: string): ts.CompilerHost {
  const host = sharedHost(options);
  return {
    ...host,
    fileExists: (fileName) => fileName === probeFile || host.fileExists(fileName),
    readFile: (fileName) => (fileName === probeFile ? brokenSource : host.readFile(fileName)),
    getSourceFile: (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) =>
      fileName === probeFile ? ts.createSourceFile(fileName, brokenSource, languageVersionOrOptions) : host.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile),
  };
}

/** tsc's diagnostics for the broken file alone under a package's configuration (as `tsc -p <config> --noEmit` reports them). */
function typecheckBrokenFile(packageDir: string, config: string): { diagnostics: readonly ts.Diagnostic[]; probeFile: string } {
  // The probe sits in the package's folder, as a file of the package would; tsc resolves `types`
  // and modules from there.
  const probeDir = join(packageDir, ".typecheck-probe");
  const probeFile = join(probeDir, "broken.ts").split("\\").join("/");
  const probeConfig = { extends: join(packageDir, config), files: ["broken.ts"], include: [], compilerOptions: { noEmit: true } };
  const parsed = ts.parseJsonConfigFileContent(probeConfig, ts.sys, probeDir, undefined, join(probeDir, "tsconfig.json"));
  if (parsed.errors.length > 0) return { diagnostics: parsed.errors, probeFile };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host: probeHost(parsed.options, probeFile) });
  return { diagnostics: ts.getPreEmitDiagnostics(program), probeFile };
}

const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => "\n" };

const cases = workspacePackages(root).flatMap(({ dir, name, scripts }) =>
  scripts["typecheck"] ? typecheckConfigs(scripts["typecheck"]).map((config) => ({ name, dir, config })) : [],
);

describe("typecheck", () => {
  it("covers the packages of handwritten TypeScript", () => {
    const names = new Set(cases.map(({ name }) => name));
    for (const name of ["@postmark-openapi/spec", "@postmark-openapi/client", "@postmark-openapi/docs", "@postmark-openapi/bench", "@postmark-openapi/browser-testing", "@postmark-openapi/workspace-scripts"]) {
      expect(names, name).toContain(name);
    }
  });

  it.each(cases.map((entry) => [`${entry.name} (${entry.config})`, entry] as const))("%s fails on a file with type errors, and only there", (_, { dir, config }) => {
    const { diagnostics, probeFile } = typecheckBrokenFile(dir, config);
    const output = ts.formatDiagnostics(diagnostics, formatHost);
    const errors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    expect(errors.length, output).toBeGreaterThan(0);
    for (const code of expectedErrors) expect(errors.some((error) => `TS${error.code}` === code), `${code} in\n${output}`).toBe(true);
    // noUncheckedIndexedAccess: list[0] may be undefined.
    const atLine = (error: ts.Diagnostic) => (error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start).line + 1 : 0);
    expect(errors.some((error) => error.code === 2322 && atLine(error) === 6), output).toBe(true);
    for (const error of errors) expect(error.file?.fileName, output).toBe(probeFile);
  });
});
