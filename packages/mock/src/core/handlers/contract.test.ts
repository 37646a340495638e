// The handler table answers for the whole spec: an operation without a handler fails the
// type-check, and the error names it. Proven two ways with TypeScript's compiler:
// - on a scratch copy of the package's sources with one handler taken out of its group's module;
// - for every operation at once, with a scratch file that checks the table minus that operation.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { listOperations } from "@postmark-openapi/spec/reader";
import { loadSpec } from "../../spec.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const operationIds = listOperations(loadSpec()).map(({ operation }) => operation.operationId);

/** The compiler options and the ambient declarations of the package (or of a copy of it), as its tsconfig.json gives them. */
function configOf(dir: string): { options: ts.CompilerOptions; declarations: string[] } {
  const configFile = ts.readConfigFile(join(dir, "tsconfig.json"), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, dir);
  return { options: { ...parsed.options, noEmit: true }, declarations: parsed.fileNames.filter((file) => file.endsWith(".d.ts")) };
}

// Parsed files by language version, module format and path, shared by the two programs: the
// standard library and the packages' declarations (reached through the copy's link to the real
// node_modules, so under the same paths) parse once. Only files that are not the package's
// sources are kept, as the copy's sources differ from the package's.
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

function sharingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    if (!fileName.endsWith(".d.ts") || !fileName.includes("/node_modules/")) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    const settings = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    const key = `${settings.languageVersion} ${settings.impliedNodeFormat ?? ""} ${settings.jsDocParsingMode ?? ""} ${fileName}`;
    if (shouldCreateNewSourceFile || !parsedFiles.has(key)) parsedFiles.set(key, getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile));
    return parsedFiles.get(key);
  };
  return host;
}

/** The type errors of a program rooted at the handler table (and `extra`), by file. */
function typeErrors(dir: string, extra: string[] = [], host?: ts.CompilerHost): { file: string; text: string }[] {
  const { options, declarations } = configOf(dir);
  const rootNames = [join(dir, "src", "core", "handlers", "index.ts"), ...declarations, ...extra];
  const program = ts.createProgram({ rootNames, options, host: host ?? sharingHost(options) });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ({ file: diagnostic.file?.fileName ?? "", text: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n") }));
}

describe("the handler table", () => {
  const scratch = mkdtempSync(join(tmpdir(), "postmark-mock-contract-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("fails to type-check, naming the operation, on a copy whose group lost one handler", () => {
    cpSync(join(packageDir, "src"), join(scratch, "src"), { recursive: true });
    cpSync(join(packageDir, "tsconfig.json"), join(scratch, "tsconfig.json"));
    // The copy resolves packages from the real one's node_modules.
    symlinkSync(join(packageDir, "node_modules"), join(scratch, "node_modules"), "dir");
    const group = join(scratch, "src", "core", "handlers", "bounces.ts");
    const source = readFileSync(group, "utf8");
    const trimmed = source.replace(/\n {2}getBounceDump: async \(context\) => [^\n]*\n/, "\n");
    expect(trimmed).not.toBe(source);
    writeFileSync(group, trimmed);
    const errors = typeErrors(scratch);
    expect(errors.map((error) => error.text).join("\n")).toMatch(/Property 'getBounceDump' is missing/);
  }, 180_000);

  it("type-checks with a handler for every operation, and names each operation whose handler is missing", () => {
    const { options } = configOf(packageDir);
    const probe = join(packageDir, "src", "core", "handlers", "contract-probe.ts");
    const lines = operationIds.map((id, index) => `export const without${index} = omit(handlers, ${JSON.stringify(id)}) satisfies Handlers;`);
    const text = [
      `import type { Handlers } from "../handler.js";`,
      `import { handlers } from "./index.js";`,
      `declare function omit<T, K extends keyof T>(table: T, key: K): Omit<T, K>;`,
      ...lines,
    ].join("\n");
    const host = sharingHost(options);
    const readFile = host.readFile.bind(host);
    host.readFile = (file) => (file === probe ? text : readFile(file));
    host.fileExists = ((exists) => (file: string) => file === probe || exists(file))(host.fileExists.bind(host));
    const errors = typeErrors(packageDir, [probe], host);
    expect(errors.filter((error) => error.file !== probe)).toEqual([]);
    expect(errors).toHaveLength(operationIds.length);
    for (const [index, id] of operationIds.entries()) expect(errors[index]?.text, id).toContain(`'${id}' is missing`);
  }, 180_000);
});
