import { describe, expect, it } from "vitest";
import { filterBound } from "./time.js";

// 2026-12-04 is in Eastern standard time (UTC-5); 2026-07-04 in daylight time (UTC-4).
describe("filterBound reads every date form Postmark reads", () => {
  it.each([
    ["2026-12-04", "from", "2026-12-04T05:00:00.000Z"],
    ["2026-12-4", "from", "2026-12-04T05:00:00.000Z"],
    ["2026-12-4", "to", "2026-12-05T04:59:59.999Z"],
    ["2026-7-4", "from", "2026-07-04T04:00:00.000Z"],
    ["2026-12-4T9:05", "from", "2026-12-04T14:05:00.000Z"],
    ["2026-12-04 09:05:30", "from", "2026-12-04T14:05:30.000Z"],
    ["2026-12-04T00:00:00.0000000", "from", "2026-12-04T05:00:00.000Z"],
    ["2026-12-04T00:00:00.1234567Z", "from", "2026-12-04T00:00:00.123Z"],
    ["2026-12-04T10:00:00+02:00", "from", "2026-12-04T08:00:00.000Z"],
    ["2028-2-29", "from", "2028-02-29T05:00:00.000Z"],
  ] as const)("%s as the %s edge", (text, edge, expected) => {
    expect(new Date(filterBound(text, edge)!).toISOString()).toBe(expected);
  });

  it.each(["2026-2-30", "2027-02-29", "0000-01-01", "2026-13-01", "2026-12-4T24:00", "12/4/2026", "2026-12-4T9", "yesterday"])("%s names no moment", (text) => {
    expect(filterBound(text, "from")).toBeUndefined();
  });
});
