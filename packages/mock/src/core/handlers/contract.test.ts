// The handler table answers for the whole spec: an operation without a handler fails the
// type-check, and the error names it. Proven two ways with the workspace's compiler (tsgo), on a
// copy of the table's modules in a folder beside this one, so that their relative imports reach
// the package's own modules:
// - with one handler taken out of its group's module;
// - for every operation at once, with a scratch file that checks the table minus that operation.
// The copy is a dot-folder, which no configuration of the package includes, and goes after the test.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runTsgo, type TsgoDiagnostic } from "@postmark-openapi/typescript-config/tsgo-run";
import { describe, expect, it } from "vitest";
import { listOperations } from "@postmark-openapi/spec/reader";
import { loadSpec } from "../../spec.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const handlersDir = join(packageDir, "src", "core", "handlers");
const operationIds = listOperations(loadSpec()).map(({ operation }) => operation.operationId);

/**
 * tsgo's errors for a program rooted at a copy of the handler table, with `files` (name → text)
 * written over or beside the table's modules, and `roots` checked besides the table's index.
 */
async function typeErrors(files: Map<string, string>, roots: string[] = []): Promise<{ copy: string; errors: TsgoDiagnostic[] }> {
  const copy = mkdtempSync(join(handlersDir, "..", ".handlers-probe-"));
  try {
    for (const name of readdirSync(handlersDir)) if (name.endsWith(".ts") && !name.endsWith(".test.ts")) copyFileSync(join(handlersDir, name), join(copy, name));
    for (const [name, text] of files) writeFileSync(join(copy, name), text);
    writeFileSync(join(copy, "tsconfig.json"), JSON.stringify({ extends: join(packageDir, "tsconfig.json"), files: ["index.ts", ...roots], include: [], compilerOptions: { noEmit: true } }));
    const { diagnostics } = await runTsgo(["-p", "tsconfig.json", "--singleThreaded"], copy);
    return { copy, errors: diagnostics.filter((diagnostic) => diagnostic.category === "error") };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe("the handler table", () => {
  it("fails to type-check, naming the operation, when its group lost one handler", async () => {
    const source = readFileSync(join(handlersDir, "bounces.ts"), "utf8");
    const trimmed = source.replace(/\n {2}getBounceDump: async \(context\) => [^\n]*\n/, "\n");
    expect(trimmed).not.toBe(source);
    const { errors } = await typeErrors(new Map([["bounces.ts", trimmed]]));
    expect(errors.map((error) => error.text).join("\n")).toMatch(/Property 'getBounceDump' is missing/);
  }, 180_000);

  it("type-checks with a handler for every operation, and names each operation whose handler is missing", async () => {
    const lines = operationIds.map((id, index) => `export const without${index} = omit(handlers, ${JSON.stringify(id)}) satisfies Handlers;`);
    const text = [
      `import type { Handlers } from "../handler.js";`,
      `import { handlers } from "./index.js";`,
      `declare function omit<T, K extends keyof T>(table: T, key: K): Omit<T, K>;`,
      ...lines,
    ].join("\n");
    const { copy, errors } = await typeErrors(new Map([["contract-probe.ts", text]]), ["contract-probe.ts"]);
    expect(errors.filter((error) => error.file !== join(copy, "contract-probe.ts"))).toEqual([]);
    expect(errors).toHaveLength(operationIds.length);
    for (const [index, id] of operationIds.entries()) expect(errors[index]?.text, id).toContain(`'${id}' is missing`);
  }, 180_000);
});
