import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportTargets, packCheck, splitEntries, workspaceRanges, type Manifest } from "./pack.js";
import { tarballName } from "./tarball.js";

const manifest = (extra: Partial<Manifest>): Manifest => ({ name: "@scope/pkg", version: "1.0.0", ...extra });

describe("workspaceRanges", () => {
  it("finds workspace: ranges in every dependency field", () => {
    const found = workspaceRanges(
      manifest({ dependencies: { a: "workspace:*", b: "1.2.3" }, peerDependencies: { c: "workspace:^" }, devDependencies: { d: "^1.0.0" } }),
    );
    expect(found).toEqual(["dependencies.a@workspace:*", "peerDependencies.c@workspace:^"]);
  });
});

describe("exportTargets and splitEntries", () => {
  const exportsField = {
    "./openapi.json": "./dist/openapi.json",
    "./openapi.yaml": "./dist/openapi.yaml",
    "./tools": { types: "./dist/lib/tools.d.ts", default: "./dist/lib/tools.js" },
  };
  it("lists every file an export can lead to", () => {
    expect(exportTargets(manifest({ exports: exportsField }))).toEqual([
      { subpath: "./openapi.json", target: "./dist/openapi.json" },
      { subpath: "./openapi.yaml", target: "./dist/openapi.yaml" },
      { subpath: "./tools", target: "./dist/lib/tools.d.ts" },
      { subpath: "./tools", target: "./dist/lib/tools.js" },
    ]);
    expect(exportTargets(manifest({ exports: "./index.js" }))).toEqual([{ subpath: ".", target: "./index.js" }]);
  });

  it("tells module entries from data files", () => {
    expect(splitEntries(manifest({ exports: exportsField }))).toEqual({ modules: ["./openapi.json", "./tools"], data: ["./openapi.yaml"] });
  });
});

describe("tarballName", () => {
  it.each([
    [{ name: "@postmark-openapi/client", version: "0.3.0" }, "postmark-openapi-client-0.3.0.tgz"],
    [{ name: "plain", version: "1.0.0-beta.1" }, "plain-1.0.0-beta.1.tgz"],
  ])("names %o as pnpm pack does", (manifest, expected) => {
    expect(tarballName(manifest)).toBe(expected);
  });
});

describe("packCheck on a package outside the workspace", () => {
  const work = mkdtempSync(join(tmpdir(), "pack-check-test-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function writePackage(name: string, files: Record<string, string>): string {
    const dir = join(work, name);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  }

  const goodManifest = {
    name: "pack-check-fixture",
    version: "1.0.0",
    license: "MIT",
    type: "module",
    exports: { ".": "./index.js", "./package.json": "./package.json" },
    files: ["index.js"],
  };

  it("passes a package whose tarball holds what it lists", async () => {
    const dir = writePackage("good", {
      "package.json": JSON.stringify(goodManifest),
      "index.js": "export const answer = 42;\n",
      "pack-files.txt": "package.json\nindex.js\n",
    });
    const result = await packCheck(dir, { attw: false });
    expect(result.problems).toEqual([]);
    expect(result.files).toEqual(["index.js", "package.json"]);
  });

  it("reports unlisted files, missing files, a missing export target and a file that fails to load", async () => {
    const dir = writePackage("bad", {
      "package.json": JSON.stringify({ ...goodManifest, exports: { ".": "./index.js", "./extra": "./extra.js" }, files: ["index.js", "notes.txt"] }),
      "index.js": "throw new Error('broken on import');\n",
      "notes.txt": "not meant for users\n",
      "pack-files.txt": "package.json\nindex.js\nLICENSE\n",
    });
    const { problems } = await packCheck(dir, { attw: false });
    expect(problems).toContain("packed but not listed in pack-files.txt: notes.txt");
    expect(problems).toContain("pack-files.txt expects LICENSE, which the tarball lacks");
    expect(problems).toContain("export ./extra points at ./extra.js, which is not packed");
    expect(problems.some((problem) => /installed export \.: broken on import/.test(problem))).toBe(true);
    expect(problems.some((problem) => problem.startsWith("publint"))).toBe(true);
  });

  it("checks the tarball of the package's pack task with `packed`, and says how to make a missing one", async () => {
    const dir = writePackage("packed", {
      "package.json": JSON.stringify({ ...goodManifest, name: "@fixture/packed" }),
      "index.js": "export const answer = 42;\n",
      "pack-files.txt": "package.json\nindex.js\n",
    });
    // The install of a checked tarball is what the two tests above hold to; here, which tarball is checked.
    await expect(packCheck(dir, { attw: false, install: false, packed: true })).rejects.toThrow(/fixture-packed-1\.0\.0\.tgz is missing: pack @fixture\/packed first/);
    execFileSync("pnpm", ["pack", "--pack-destination", "tarball"], { cwd: dir, stdio: "ignore" });
    const result = await packCheck(dir, { attw: false, install: false, packed: true });
    expect(result.tarball).toBe("fixture-packed-1.0.0.tgz");
    expect(result.problems).toEqual([]);
  });
});
