// Where things are: the bench package, the repository root, the bundled spec, and the folders for
// generated fixtures and outputs (both git-ignored).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(benchDir, "..");
export const fixturesDir = join(benchDir, "fixtures");
export const generatedDir = join(benchDir, ".generated");
export const outDir = join(benchDir, ".out");
export const resultsPath = join(benchDir, "results.json");

export const specPath = require.resolve("@postmark-openapi/spec/openapi.json");
export const tscPath = require.resolve("typescript/lib/tsc.js");
/** The built mock's modules (its package's dist/src). */
export const mockDistDir = dirname(fileURLToPath(import.meta.resolve("@postmark-openapi/mock")));
export const mockCliPath = join(mockDistDir, "cli.js");
export const prismCliPath = join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");
export const turboBin = join(repoRoot, "node_modules", ".bin", "turbo");
export const toolsBin = join(repoRoot, ".tools", "node_modules", ".bin");

/** A module of the harness, next to this one: src/*.ts as source, build/*.js once compiled. */
export const src = (name: string): string => join(dirname(fileURLToPath(import.meta.url)), name);
