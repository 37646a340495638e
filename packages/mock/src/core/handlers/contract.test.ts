// The handler table answers for the whole spec: an operation without a handler fails the
// type-check, and the error names it. Proven two ways with TypeScript's compiler, on the package's
// own sources with a file changed or added in memory:
// - with one handler taken out of its group's module;
// - for every operation at once, with a scratch file that checks the table minus that operation.
// Only the table's own files (src/core/handlers/) and the scratch file are checked: the rest of
// the package is type-checked by the workspace's type-check, and checking it here twice more was
// most of this file's time.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { listOperations } from "@postmark-openapi/spec/reader";
import { loadSpec } from "../../spec.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const handlersDir = join(packageDir, "src", "core", "handlers");
const operationIds = listOperations(loadSpec()).map(({ operation }) => operation.operationId);

/** The compiler options and the ambient declarations of the package, as its tsconfig.json gives them. */
function configOf(dir: string): { options: ts.CompilerOptions; declarations: string[] } {
  const configFile = ts.readConfigFile(join(dir, "tsconfig.json"), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, dir);
  return { options: { ...parsed.options, noEmit: true }, declarations: parsed.fileNames.filter((file) => file.endsWith(".d.ts")) };
}

// Parsed files by language version, module format and path, shared by the two programs: the
// standard library, the packages' declarations and the package's sources parse once. A file given
// in memory is parsed for its program alone.
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

/** A compiler host that reads `overrides` (path → text) instead of the disk, and shares every other parsed file. */
function sharingHost(options: ts.CompilerOptions, overrides: Map<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => overrides.get(file) ?? readFile(file);
  host.fileExists = (file) => overrides.has(file) || fileExists(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (overrides.has(fileName)) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    const settings = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    const key = `${settings.languageVersion} ${settings.impliedNodeFormat ?? ""} ${settings.jsDocParsingMode ?? ""} ${fileName}`;
    if (shouldCreateNewSourceFile || !parsedFiles.has(key)) parsedFiles.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile));
    return parsedFiles.get(key);
  };
  return host;
}

/**
 * The type errors of the handler table's files (and of `extra`), in a program rooted at the table
 * with `overrides` (path → text) in place of the files on disk.
 */
function typeErrors(overrides: Map<string, string>, extra: string[] = []): { file: string; text: string }[] {
  const { options, declarations } = configOf(packageDir);
  const rootNames = [join(handlersDir, "index.ts"), ...declarations, ...extra];
  const program = ts.createProgram({ rootNames, options, host: sharingHost(options, overrides) });
  const checked = program.getSourceFiles().filter((file) => file.fileName.startsWith(`${handlersDir}/`) || extra.includes(file.fileName));
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ];
  return diagnostics.map((diagnostic) => ({ file: diagnostic.file?.fileName ?? "", text: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n") }));
}

describe("the handler table", () => {
  it("fails to type-check, naming the operation, when its group lost one handler", () => {
    const group = join(handlersDir, "bounces.ts");
    const source = readFileSync(group, "utf8");
    const trimmed = source.replace(/\n {2}getBounceDump: async \(context\) => [^\n]*\n/, "\n");
    expect(trimmed).not.toBe(source);
    const errors = typeErrors(new Map([[group, trimmed]]));
    expect(errors.map((error) => error.text).join("\n")).toMatch(/Property 'getBounceDump' is missing/);
  }, 180_000);

  it("type-checks with a handler for every operation, and names each operation whose handler is missing", () => {
    const probe = join(handlersDir, "contract-probe.ts");
    const lines = operationIds.map((id, index) => `export const without${index} = omit(handlers, ${JSON.stringify(id)}) satisfies Handlers;`);
    const text = [
      `import type { Handlers } from "../handler.js";`,
      `import { handlers } from "./index.js";`,
      `declare function omit<T, K extends keyof T>(table: T, key: K): Omit<T, K>;`,
      ...lines,
    ].join("\n");
    const errors = typeErrors(new Map([[probe, text]]), [probe]);
    expect(errors.filter((error) => error.file !== probe)).toEqual([]);
    expect(errors).toHaveLength(operationIds.length);
    for (const [index, id] of operationIds.entries()) expect(errors[index]?.text, id).toContain(`'${id}' is missing`);
  }, 180_000);
});
