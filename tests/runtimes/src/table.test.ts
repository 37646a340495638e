import { describe, expect, it } from "vitest";
import { renderReport } from "./table.js";

describe("renderReport", () => {
  it("prints a count and one row per check, escaping pipes", () => {
    const text = renderReport({
      runtime: "Node v20.20.2",
      results: [
        { check: "named call", ok: true, detail: "getCurrentServer → Production (1)" },
        { check: "batch", ok: false, detail: "a | b" },
      ],
    });
    expect(text.split("\n")).toEqual([
      "Node v20.20.2: 1/2 checks passed",
      "",
      "| Check | Result | Detail |",
      "| --- | --- | --- |",
      "| named call | pass | getCurrentServer → Production (1) |",
      "| batch | FAIL | a \\| b |",
    ]);
  });
});
