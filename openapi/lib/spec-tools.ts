// Reading the bundled spec, for the packages built from it (client generator, mock, docs,
// benchmarks): the file itself, and everything of spec-reader (operations, $refs, examples).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenApiDocument } from "./openapi-types.js";

export * from "./spec-reader.js";

/** The package's folder: this module runs from lib/ (as source) or dist/lib/ (compiled). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("The spec package's package.json was not found");
    dir = parent;
  }
  return dir;
}

export const bundledSpecPath: string = join(packageRoot(), "dist", "openapi.json");

export function loadBundledSpec(path: string = bundledSpecPath): OpenApiDocument {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as OpenApiDocument;
  } catch (cause) {
    throw new Error(`Cannot read the bundled spec at ${path}: run the spec's bundle task first`, { cause });
  }
}
