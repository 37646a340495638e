import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { filesCheckedByBuild, packagesBuiltBeforeTypecheck, sameChecking } from "./checked-by-build.js";

describe("packagesBuiltBeforeTypecheck", () => {
  it("names the packages whose build the workspace type-check depends on", () => {
    const turbo = { tasks: { "typecheck-workspace": { dependsOn: ["@x/spec#bundle", "@x/client#build", "^build", "@x/mock#build"] } } };
    expect(packagesBuiltBeforeTypecheck(turbo)).toEqual(["@x/client", "@x/mock"]);
    expect(packagesBuiltBeforeTypecheck({ tasks: {} })).toEqual([]);
  });
});

describe("sameChecking", () => {
  const base: ts.CompilerOptions = { strict: true, types: ["node"], noEmit: true };
  const cases: [string, ts.CompilerOptions, boolean][] = [
    ["only emit options differ", { strict: true, types: ["node"], outDir: "dist", rootDir: ".", declaration: true, sourceMap: false }, true],
    ["types differ", { strict: true, types: [] }, false],
    ["a strictness option differs", { strict: true, types: ["node"], noUncheckedIndexedAccess: true }, false],
    ["lib differs", { strict: true, types: ["node"], lib: ["lib.dom.d.ts"] }, false],
  ];
  it.each(cases)("%s", (_, other, same) => {
    expect(sameChecking(base, other)).toBe(same);
  });
});

describe("filesCheckedByBuild", () => {
  const dir = mkdtempSync(join(tmpdir(), "checked-by-build-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "index.ts"), "export const one = 1;\n");
  writeFileSync(join(dir, "src", "index.test.ts"), "export {};\n");
  const options = { strict: true, types: [] as string[] };
  writeFileSync(join(dir, "tsconfig.build.json"), JSON.stringify({ compilerOptions: { ...options, outDir: "dist" }, include: ["src/**/*.ts"], exclude: ["src/**/*.test.ts"] }));
  writeFileSync(join(dir, "tsconfig.other.json"), JSON.stringify({ compilerOptions: { ...options, noImplicitReturns: true, outDir: "dist" }, include: ["src/**/*.ts"] }));
  const typecheckOptions = ts.getParsedCommandLineOfConfigFile(join(dir, "tsconfig.build.json"), { noEmit: true, outDir: undefined }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!.options;
  const index = join(dir, "src", "index.ts").split("\\").join("/");

  it.each([
    ["a tsc build under the same options", "rm -rf dist && tsc -p tsconfig.build.json && node bundle.js", [index]],
    ["a tsc build under other options", "tsc -p tsconfig.other.json", []],
    ["a tsc build that skips checking", "tsc -p tsconfig.build.json --noCheck", []],
    ["a build without tsc", "esbuild src/index.ts", []],
  ])("counts %s", (_, script, expected) => {
    expect([...filesCheckedByBuild(dir, script, typecheckOptions)]).toEqual(expected);
  });

  it("counts nothing for a package without a build", () => {
    expect(filesCheckedByBuild(dir, undefined, typecheckOptions).size).toBe(0);
  });
});
