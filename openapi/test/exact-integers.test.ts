// The 64-bit bounds of ids are written exactly in the bundle, though the bundler reads numbers as
// doubles: a tool that reads integers exactly (as most non-JavaScript ones do) sees 2^63 - 1 and
// -2^63, the range Postmark's .NET `long` ids take.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exactLiterals, restoreLiterals } from "../scripts/exact-integers.js";
import { specDir } from "./load-spec.js";

const json = readFileSync(join(specDir, "dist", "openapi.json"), "utf8");
const yaml = readFileSync(join(specDir, "dist", "openapi.yaml"), "utf8");

describe("integers beyond 2^53 in the bundle", () => {
  it.each([
    ["openapi.json", json],
    ["openapi.yaml", yaml],
  ])("%s writes the int64 bounds exactly and never their rounded form", (_name, text) => {
    expect(text).toContain("9223372036854775807");
    expect(text).toContain("-9223372036854775808");
    expect(text).not.toMatch(/922337203685477[0-9]000/);
  });

  it("reads back as exact integers with a reader that keeps the source text", () => {
    const bounds = new Set<string>();
    JSON.parse(json, function (this: unknown, key: string, value: unknown, context?: { source?: string }) {
      if ((key === "maximum" || key === "minimum") && typeof value === "number" && context?.source && Math.abs(value) > Number.MAX_SAFE_INTEGER) bounds.add(context.source);
      return value;
    } as (this: unknown, key: string, value: unknown) => unknown);
    expect([...bounds].sort()).toEqual(["-9223372036854775808", "9223372036854775807"]);
  });

  it("restores a literal only where it stands alone, and refuses two literals that read the same", () => {
    const literals = exactLiterals(["maximum: 9223372036854775807\nminimum: -9223372036854775808"]);
    expect(restoreLiterals('{"maximum":9223372036854776000,"minimum":-9223372036854776000,"x":19223372036854776000}', literals)).toBe(
      '{"maximum":9223372036854775807,"minimum":-9223372036854775808,"x":19223372036854776000}',
    );
    expect(() => exactLiterals(["a: 9223372036854775807", "b: 9223372036854775806"])).toThrow(/read as the same number/);
  });
});
