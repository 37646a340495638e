// The emulator, the front and the mock API run in a browser too: none of them may lean on Node.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("..", import.meta.url));
const nodeOnly = [/from\s+["']node:/, /import\(["']node:/, /\bBuffer\./, /\bprocess\./, /\b__dirname\b/, /\brequire\(/];

function sources(folder: string): string[] {
  return readdirSync(join(src, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => join(folder, file));
}

describe.each(["core", "front", "control"])("src/%s", (folder) => {
  it("uses nothing of Node", () => {
    const offending = sources(folder).flatMap((file) => {
      const text = readFileSync(join(src, file), "utf8");
      return nodeOnly.filter((pattern) => pattern.test(text)).map((pattern) => `${file}: ${pattern}`);
    });
    expect(offending).toEqual([]);
  });
});
