// The handler table answers for the whole spec: an operation without a handler fails the
// type-check, and the error names it. Proven two ways with the workspace's compiler (tsgo), on
// copies of the table's modules in folders beside this one, so that their relative imports reach
// the package's own modules:
// - with one handler taken out of its group's module;
// - for every operation at once, with a scratch file that checks the table minus that operation.
// Both copies are roots of one program, so the package's modules they import are checked once.
// The copies are dot-folders, which no configuration of the package includes, and go after the test.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { runTsgo, type TsgoDiagnostic } from "@postmark-openapi/typescript-config/tsgo-run";
import { beforeAll, describe, expect, it } from "vitest";
import { listOperations } from "@postmark-openapi/spec/reader";
import { loadSpec } from "../../spec.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const handlersDir = join(packageDir, "src", "core", "handlers");
const operationIds = listOperations(loadSpec()).map(({ operation }) => operation.operationId);

/** A copy of the handler table: `files` (name → text) written over or beside its modules, and `roots` checked besides its index. */
interface TableCopy {
  files: Map<string, string>;
  roots?: string[];
}

/** tsgo's errors for one program rooted at each copy of the handler table: each copy's own, and those of no copy. */
async function typeErrors(tables: TableCopy[]): Promise<{ copies: { dir: string; errors: TsgoDiagnostic[] }[]; elsewhere: TsgoDiagnostic[] }> {
  const dirs = tables.map(() => mkdtempSync(join(handlersDir, "..", ".handlers-probe-")));
  try {
    for (const [index, { files }] of tables.entries()) {
      const dir = dirs[index]!;
      for (const name of readdirSync(handlersDir)) if (name.endsWith(".ts") && !name.endsWith(".test.ts")) copyFileSync(join(handlersDir, name), join(dir, name));
      for (const [name, text] of files) writeFileSync(join(dir, name), text);
    }
    const configDir = dirs[0]!;
    const roots = tables.flatMap(({ roots = [] }, index) => ["index.ts", ...roots].map((name) => relative(configDir, join(dirs[index]!, name))));
    writeFileSync(join(configDir, "tsconfig.json"), JSON.stringify({ extends: join(packageDir, "tsconfig.json"), files: roots, include: [], compilerOptions: { noEmit: true } }));
    const errors = (await runTsgo(["-p", "tsconfig.json", "--singleThreaded"], configDir)).diagnostics.filter((diagnostic) => diagnostic.category === "error");
    const inCopy = (dir: string) => (error: TsgoDiagnostic) => error.file?.startsWith(dir + sep) === true;
    return { copies: dirs.map((dir) => ({ dir, errors: errors.filter(inCopy(dir)) })), elsewhere: errors.filter((error) => !dirs.some((dir) => inCopy(dir)(error))) };
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

const bouncesSource = readFileSync(join(handlersDir, "bounces.ts"), "utf8");
const withoutOneHandler = bouncesSource.replace(/\n {2}getBounceDump: async \(context\) => [^\n]*\n/, "\n");
const contractProbe = [
  `import type { Handlers } from "../handler.js";`,
  `import { handlers } from "./index.js";`,
  `declare function omit<T, K extends keyof T>(table: T, key: K): Omit<T, K>;`,
  ...operationIds.map((id, index) => `export const without${index} = omit(handlers, ${JSON.stringify(id)}) satisfies Handlers;`),
].join("\n");

let checked: Awaited<ReturnType<typeof typeErrors>>;
beforeAll(async () => {
  checked = await typeErrors([{ files: new Map([["bounces.ts", withoutOneHandler]]) }, { files: new Map([["contract-probe.ts", contractProbe]]), roots: ["contract-probe.ts"] }]);
}, 180_000);

describe("the handler table", () => {
  it("fails to type-check, naming the operation, when its group lost one handler", () => {
    expect(withoutOneHandler).not.toBe(bouncesSource);
    expect(checked.copies[0]!.errors.map((error) => error.text).join("\n")).toMatch(/Property 'getBounceDump' is missing/);
  });

  it("type-checks with a handler for every operation, and names each operation whose handler is missing", () => {
    const { dir, errors } = checked.copies[1]!;
    expect(checked.elsewhere).toEqual([]);
    expect(errors.filter((error) => error.file !== join(dir, "contract-probe.ts"))).toEqual([]);
    expect(errors).toHaveLength(operationIds.length);
    for (const [index, id] of operationIds.entries()) expect(errors[index]?.text, id).toContain(`'${id}' is missing`);
  });
});
