// Keeps the spec's info.version equal to its package version: `changeset version` bumps
// openapi/package.json, and this writes the same number into openapi/openapi.yaml.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Replaces the `version:` directly under the top-level `info:` block, keeping the rest as written. */
export function withInfoVersion(yamlText: string, version: string): string {
  const lines = yamlText.split("\n");
  const infoStart = lines.findIndex((line) => line === "info:");
  if (infoStart === -1) throw new Error("openapi.yaml has no top-level info: block");
  for (let index = infoStart + 1; index < lines.length && /^(\s|$)/.test(lines[index] ?? ""); index++) {
    const match = /^(\s+)version:\s*.*$/.exec(lines[index] ?? "");
    // Only the info object's own key, at its first indentation level.
    if (match && match[1] === /^(\s+)/.exec(lines[infoStart + 1] ?? "")?.[1]) {
      lines[index] = `${match[1]}version: ${version}`;
      return lines.join("\n");
    }
  }
  throw new Error("openapi.yaml's info block has no version");
}

export function syncSpecVersion(specDir: string): { version: string; changed: boolean } {
  const { version } = JSON.parse(readFileSync(join(specDir, "package.json"), "utf8")) as { version: string };
  const file = join(specDir, "openapi.yaml");
  const before = readFileSync(file, "utf8");
  const after = withInfoVersion(before, version);
  if (after !== before) writeFileSync(file, after);
  return { version, changed: after !== before };
}
