import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { filterBound, postmarkTimestamp } from "./time.js";

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


// The timestamp straight from Intl, with nothing kept between calls.
function reference(date: Date): string {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const p = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  const asUtc = Date.UTC(Number(p["year"]), Number(p["month"]) - 1, Number(p["day"]), Number(p["hour"]), Number(p["minute"]), Number(p["second"]));
  const offset = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const zone = `${offset < 0 ? "-" : "+"}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0")}:${String(Math.abs(offset) % 60).padStart(2, "0")}`;
  return `${p["year"]}-${p["month"]}-${p["day"]}T${p["hour"]}:${p["minute"]}:${p["second"]}.${String(date.getMilliseconds()).padStart(3, "0")}0000${zone}`;
}

describe("postmarkTimestamp", () => {
  it.each([
    ["winter", "2026-11-24T19:05:31.123Z", "2026-11-24T14:05:31.1230000-05:00"],
    ["summer", "2026-05-04T16:00:00.000Z", "2026-05-04T12:00:00.0000000-04:00"],
    ["the last second before daylight saving time", "2026-03-08T06:59:59.999Z", "2026-03-08T01:59:59.9990000-05:00"],
    ["the first second of it", "2026-03-08T07:00:00.000Z", "2026-03-08T03:00:00.0000000-04:00"],
    ["the hour that repeats, first time", "2026-11-01T05:30:00.000Z", "2026-11-01T01:30:00.0000000-04:00"],
    ["the hour that repeats, second time", "2026-11-01T06:30:00.000Z", "2026-11-01T01:30:00.0000000-05:00"],
  ])("%s", (_, iso, expected) => {
    expect(postmarkTimestamp(new Date(iso))).toBe(expected);
  });

  // The formatted second is kept between calls: runs of moments in the same second, the next
  // second and far away, in any order, must each read as Intl reads them.
  it("reads every moment as Intl does, however calls follow each other", () => {
    const moment = fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true });
    const step = fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: -1500, max: 1500 }), fc.integer({ min: -4e9, max: 4e9 }));
    fc.assert(
      fc.property(moment, fc.array(step, { maxLength: 12 }), (start, steps) => {
        let at = start.getTime();
        for (const offset of [0, ...steps]) {
          at += offset;
          const date = new Date(at);
          expect(postmarkTimestamp(date)).toBe(reference(date));
        }
      }),
      { numRuns: 300 },
    );
  });
});
