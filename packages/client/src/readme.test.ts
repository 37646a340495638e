// The README's TypeScript examples compile against this package, so they cannot drift from it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const blocks = [...readFileSync(join(packageDir, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

/** What the examples take for granted: a client (unless they make their own), a list of messages. */
function withContext(code: string): string {
  const lines = ['import type { BatchMessage } from "@postmark-openapi/client";', "declare const messages: BatchMessage[];"];
  if (code.includes("createPostmarkClient(") && !/import \{[^}]*createPostmarkClient/.test(code)) {
    lines.push('import { createPostmarkClient } from "@postmark-openapi/client";');
  } else if (!code.includes("createPostmarkClient(") && !/\bconst postmark\b/.test(code)) {
    lines.push('import { createPostmarkClient as makeClient } from "@postmark-openapi/client";', "const postmark = makeClient({ serverToken: \"token\" });");
  }
  return `${lines.join("\n")}\n${code}\nexport {};\n`;
}

describe("README examples", () => {
  it("has TypeScript examples", () => {
    expect(blocks.length).toBeGreaterThan(8);
  });

  it("type-check against the package", () => {
    const dir = join(packageDir, "test", ".readme-examples");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = blocks.map((code, index) => {
      const file = join(dir, `example-${index + 1}.ts`);
      writeFileSync(file, withContext(code));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: ["node"],
      skipLibCheck: true,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.slice(dir.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : "";
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
    expect(problems).toEqual([]);
  }, 60_000);
});
