// The bundler reads the spec into JavaScript numbers, so an integer beyond 2^53 comes out rounded:
// `9223372036854775807` (the largest 64-bit id) would be written `9223372036854776000`, which is
// 2^63 and no longer a 64-bit integer. After bundling, this puts back every such literal exactly
// as the source files spell it, in dist/openapi.json and dist/openapi.yaml.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const specDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const sources = ["openapi.yaml", "paths", "components", "webhooks"];

function yamlFiles(path: string): string[] {
  if (statSync(path).isDirectory()) return readdirSync(path).flatMap((name) => yamlFiles(join(path, name)));
  return path.endsWith(".yaml") ? [path] : [];
}

/** Each long integer literal of the sources, keyed by how JavaScript writes the number it reads as. */
export function exactLiterals(texts: string[]): Map<string, string> {
  const byRendering = new Map<string, string>();
  for (const text of texts) {
    for (const match of text.matchAll(/(?<![\w.])-?\d{16,}(?![\w.])/g)) {
      const literal = match[0];
      const rendering = String(Number(literal));
      if (rendering === literal) continue;
      const known = byRendering.get(rendering);
      if (known !== undefined && known !== literal) throw new Error(`${known} and ${literal} read as the same number (${rendering}); write one of them differently.`);
      byRendering.set(rendering, literal);
    }
  }
  return byRendering;
}

/** The bundle's text with each rounded rendering replaced by the literal the sources wrote. */
export function restoreLiterals(text: string, literals: Map<string, string>): string {
  let restored = text;
  for (const [rendering, literal] of literals) {
    restored = restored.replace(new RegExp(`(?<![\\w.-])${rendering.replace("-", "\\-")}(?![\\w.])`, "g"), literal);
  }
  return restored;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const literals = exactLiterals(sources.flatMap((source) => yamlFiles(join(specDir, source))).map((file) => readFileSync(file, "utf8")));
  for (const output of ["dist/openapi.json", "dist/openapi.yaml"]) {
    const path = join(specDir, output);
    writeFileSync(path, restoreLiterals(readFileSync(path, "utf8"), literals));
  }
}
