// The spec check, redaction and cassettes run in any runtime; only forwarding and files need Node.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const portable = ["spec-check.ts", "error-codes.ts", "mismatches.ts", "redact.ts", "cassettes.ts"];
const nodeOnly = [/from\s+["']node:/, /import\(["']node:/, /\bBuffer\./, /\bprocess\./, /\.\/(upstream|cassette-files|node-proxy)\.js/, /\.\.\/http\//];

describe.each(portable)("src/proxy/%s", (file) => {
  it("uses nothing of Node", () => {
    const text = readFileSync(new URL(file, import.meta.url), "utf8");
    expect(nodeOnly.filter((pattern) => pattern.test(text)).map(String)).toEqual([]);
  });
});
