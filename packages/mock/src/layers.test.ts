// The mock's layers, as its README draws them, checked on every import of its sources:
// - protocol/ is the ground floor: it imports nothing of the mock but itself and generated/;
// - core/ imports only core/, protocol/ and generated/, and nothing from Node (it runs anywhere);
// - state is written only by the core: outside core/, only the modules that make a store
//   (the assembly and its adapters) may import core/store/.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = dirname(fileURLToPath(import.meta.url));

/** Modules outside core/ that make or persist a store (the engines and the assembly), and so may import core/store/. */
const storeMakers = new Set(["index.ts", "local-postmark.ts", "http/server.ts", "http/persist.ts", "sqlite/sqlite-store.ts", "sqlite/data-folder.ts", "postgres/postgres-store.ts", "postgres/layout.ts", "postgres/index.ts", "postgres/errors.ts"]);

interface Import {
  from: string;
  to: string;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    // A dot-folder is a test's scratch copy (the handler table's contract test), not a source.
    if (entry.name.startsWith(".")) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Every import and export-from of the mock's own sources: the importing module and what it names (relative to src/, or the package name). */
const imports: Import[] = sources(srcDir).flatMap((file) => {
  const from = relative(srcDir, file);
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"([^"]+)"/gms)].map((match) => {
    const target = match[1]!;
    return { from, to: target.startsWith(".") ? relative(srcDir, resolve(dirname(file), target)).replace(/\.js$/, ".ts") : target };
  });
});

const inside = (path: string, folder: string) => path.startsWith(`${folder}/`);
const isOwn = (to: string) => !to.startsWith("node:") && !to.startsWith("@") && /\.ts$|^[a-z-]+\//.test(to) && !/^[a-z-]+$/.test(to) && to.endsWith(".ts");

describe("the mock's layers", () => {
  it("found the sources and their imports", () => {
    expect(imports.filter((entry) => inside(entry.from, "core")).length).toBeGreaterThan(50);
  });

  it("protocol/ imports nothing of the mock but itself and generated code", () => {
    const wrong = imports.filter((entry) => inside(entry.from, "protocol") && isOwn(entry.to) && !inside(entry.to, "protocol") && !inside(entry.to, "generated"));
    expect(wrong).toEqual([]);
  });

  it("core/ imports only core/, protocol/ and generated code, and nothing from Node", () => {
    const wrong = imports.filter(
      (entry) => inside(entry.from, "core") && (entry.to.startsWith("node:") || (isOwn(entry.to) && !["core", "protocol", "generated"].some((folder) => inside(entry.to, folder)))),
    );
    expect(wrong).toEqual([]);
  });

  it("outside core/, only the modules that make a store reach it: everything else goes through the emulator's API", () => {
    const wrong = imports.filter((entry) => !inside(entry.from, "core") && inside(entry.to, "core/store") && !storeMakers.has(entry.from));
    expect(wrong).toEqual([]);
  });
});
