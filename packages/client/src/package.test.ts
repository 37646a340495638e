// What users install: ESM only, runnable anywhere fetch runs, with openapi-fetch as the only dependency.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

describe("the published package", () => {
  it("depends on openapi-fetch only", () => {
    expect(Object.keys(manifest.dependencies)).toEqual(["openapi-fetch"]);
  });

  it("is ESM with an exports map that has types", () => {
    expect(manifest.type).toBe("module");
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", import: "./dist/index.js" });
  });

  it("runs from one module that imports nothing (no node: modules, no packages)", () => {
    const runtimeFiles = filesUnder(join(packageDir, "dist")).filter((file) => file.endsWith(".js"));
    expect(runtimeFiles.map((file) => file.slice(packageDir.length + 1))).toEqual(["dist/index.js"]);
    const code = readFileSync(runtimeFiles[0]!, "utf8");
    expect(code).not.toMatch(/^\s*import\s|\bimport\(|\brequire\(/m);
  });

  it("records the spec it was generated from", async () => {
    const { specInfo } = await import("./index.js");
    expect(specInfo.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(specInfo.version).toBeTruthy();
  });
});
