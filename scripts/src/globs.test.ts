import { describe, expect, it } from "vitest";
import { compareWithPatterns, globToRegExp } from "./globs.js";

describe("globToRegExp", () => {
  it.each([
    ["package.json", "package.json", true],
    ["package.json", "package-json", false],
    ["dist/*.js", "dist/index.js", true],
    ["dist/*.js", "dist/lib/index.js", false],
    ["dist/**/*.d.ts", "dist/index.d.ts", true],
    ["dist/**/*.d.ts", "dist/lib/deep/x.d.ts", true],
    ["dist/**/*.d.ts", "dist/lib/x.ts", false],
    ["dist/**", "dist/a/b/c", true],
    ["dist/lib/**/*.js", "dist/other/lib/x.js", false],
  ])("%s against %s is %s", (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe("compareWithPatterns", () => {
  it("reports files no pattern allows and patterns no file matches", () => {
    const result = compareWithPatterns(["package.json", "dist/index.js", "src/index.ts"], ["package.json", "dist/*.js", "LICENSE"]);
    expect(result).toEqual({ unexpected: ["src/index.ts"], unmatched: ["LICENSE"] });
  });

  it("lets a ?pattern match files without requiring any", () => {
    expect(compareWithPatterns(["package.json"], ["package.json", "?CHANGELOG.md"])).toEqual({ unexpected: [], unmatched: [] });
    expect(compareWithPatterns(["package.json", "CHANGELOG.md"], ["package.json", "?CHANGELOG.md"])).toEqual({ unexpected: [], unmatched: [] });
  });
});
