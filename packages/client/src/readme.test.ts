// The README's TypeScript examples compile against this package, so they cannot drift from it:
// checked by the workspace's compiler (tsgo, from @postmark-openapi/typescript-config).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runTsgo } from "@postmark-openapi/typescript-config/tsgo-run";
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

  it("type-check against the package", async () => {
    const dir = join(packageDir, "test", ".readme-examples");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = blocks.map((code, index) => {
      const file = `example-${index + 1}.ts`;
      writeFileSync(join(dir, file), withContext(code));
      return file;
    });
    const compilerOptions = { strict: true, noEmit: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], types: ["node"], skipLibCheck: true };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }));
    const { diagnostics } = await runTsgo(["-p", "tsconfig.json", "--singleThreaded"], dir);
    // Each as tsgo printed it: the example's file, line and column, and the message.
    expect(diagnostics.map((diagnostic) => diagnostic.text)).toEqual([]);
  }, 60_000);
});
