// Every $ref in the source files resolves, and every source file is reachable from the root.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { getPointer, specDir } from "./load-spec.js";

const sourceFolders = ["paths", "components", "webhooks"];

function yamlFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) return yamlFilesUnder(full);
    return entry.name.endsWith(".yaml") ? [full] : [];
  });
}

const documents = new Map<string, unknown>();
function load(file: string): unknown {
  if (!documents.has(file)) documents.set(file, parse(readFileSync(file, "utf8")));
  return documents.get(file);
}

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

const root = join(specDir, "openapi.yaml");
const files = [root, ...sourceFolders.flatMap((folder) => yamlFilesUnder(join(specDir, folder)))];

describe("references between the source files", () => {
  it.each(files.map((file) => [relative(specDir, file), file]))("%s: every $ref resolves", (_name, file) => {
    for (const ref of refsIn(load(file))) {
      const [target = "", pointer] = ref.split("#");
      const targetFile = target ? resolve(dirname(file), target) : file;
      expect(files, `${ref}: file ${relative(specDir, targetFile)} exists`).toContain(targetFile);
      if (pointer !== undefined) expect(getPointer(load(targetFile), `#${pointer}`), `${ref}: pointer`).toBeDefined();
    }
  });

  it("reaches every source file from openapi.yaml", () => {
    const reached = new Set<string>([root]);
    const queue = [root];
    while (queue.length > 0) {
      const file = queue.pop()!;
      for (const ref of refsIn(load(file))) {
        const [target] = ref.split("#");
        if (!target) continue;
        const next = resolve(dirname(file), target);
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    const orphans = files.filter((file) => !reached.has(file)).map((file) => relative(specDir, file));
    expect(orphans).toEqual([]);
  });
});
