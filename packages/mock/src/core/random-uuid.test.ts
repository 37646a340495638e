import { describe, expect, it } from "vitest";
import { randomUuid } from "./random-uuid.js";

describe("randomUuid", () => {
  it("gives version 4 UUIDs in lower case, none twice, across refills of its random bytes", () => {
    const ids = Array.from({ length: 2_000 }, () => randomUuid());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses every hex digit in every free position", () => {
    const ids = Array.from({ length: 2_000 }, () => randomUuid());
    // Positions 14 (the version) and 19 (the variant) are fixed or narrowed; every other digit varies.
    for (const position of [0, 7, 9, 15, 20, 35]) expect(new Set(ids.map((id) => id[position])).size).toBe(16);
    expect(new Set(ids.map((id) => id[19]))).toEqual(new Set(["8", "9", "a", "b"]));
  });
});
