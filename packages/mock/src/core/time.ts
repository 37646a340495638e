// Postmark writes timestamps in US Eastern time with their offset
// (`2026-11-24T14:05:31.1234567-05:00`) and reads date-only filters as Eastern days.

const easternParts = new Intl.DateTimeFormat("en-US", {
  timeZone: "America/New_York",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function partsOf(date: Date): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of easternParts.formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

/** The offset of US Eastern time from UTC at that moment, in minutes (-300 or -240). */
function easternOffsetMinutes(date: Date): number {
  const p = partsOf(date);
  const asUtc = Date.UTC(Number(p["year"]), Number(p["month"]) - 1, Number(p["day"]), Number(p["hour"]), Number(p["minute"]), Number(p["second"]));
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** The Eastern local time of a moment to the second (`2026-11-24T14:05:31`), and its offset (`-05:00`). */
function easternSecond(date: Date): { local: string; offset: string } {
  const p = partsOf(date);
  const offset = easternOffsetMinutes(date);
  const sign = offset < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offset) % 60).padStart(2, "0");
  return { local: `${p["year"]}-${p["month"]}-${p["day"]}T${p["hour"]}:${p["minute"]}:${p["second"]}`, offset: `${sign}${hours}:${minutes}` };
}

// Intl's formatting is slow, and a burst of sends asks for the same second over and over: the
// last second formatted is kept. Everything but the milliseconds depends on the second alone.
let lastSecond = Number.NaN;
let lastFormatted = easternSecond(new Date(0));

/** A moment as Postmark writes it: Eastern local time with seven fractional digits and the offset. */
export function postmarkTimestamp(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastFormatted = easternSecond(date);
    lastSecond = second;
  }
  const fraction = String(date.getMilliseconds()).padStart(3, "0") + "0000";
  return `${lastFormatted.local}.${fraction}${lastFormatted.offset}`;
}

/** The Eastern calendar day of a moment, `YYYY-MM-DD` (how stats group by day). */
export function easternDay(date: Date): string {
  const p = partsOf(date);
  return `${p["year"]}-${p["month"]}-${p["day"]}`;
}

/**
 * The forms of a `fromdate`/`todate` filter Postmark reads: a date whose month and day may leave
 * out their leading zero (`2026-12-4`, as clients that build it from the date's parts write it),
 * optionally a time after `T` or a space, with up to seven decimals of a second (.NET's round-trip
 * format) and an optional zone. The spec's pattern for these parameters says the same.
 */
const filterForm = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Reads a `fromdate`/`todate` filter. A date alone is a whole Eastern day: `fromdate` from its
 * start, `todate` to its end (both inclusive, as Postmark documents); a time without a zone is
 * Eastern local time. Returns milliseconds, or undefined when the text is not a moment that exists
 * (the front refuses those before a handler sees them).
 */
export function filterBound(value: unknown, edge: "from" | "to"): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const parts = filterForm.exec(value.trim());
  if (!parts) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = parts;
  const y = Number(year), mo = Number(month), d = Number(day);
  const utcDay = Date.UTC(y, mo - 1, d);
  const check = new Date(utcDay);
  // A date written with year 0000 or a day past the month's end names no day Postmark reads.
  if (y < 1 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  if (hour === undefined) {
    const offset = easternOffsetMinutes(new Date(utcDay + 12 * 3_600_000));
    const startUtc = utcDay - offset * 60_000;
    return edge === "from" ? startUtc : startUtc + 24 * 3_600_000 - 1;
  }
  const h = Number(hour), mi = Number(minute), s = Number(second ?? 0);
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const naive = utcDay + ((h * 60 + mi) * 60 + s) * 1000 + Math.floor(Number(`0.${fraction ?? "0"}`) * 1000);
  if (zone === undefined) return naive - easternOffsetMinutes(new Date(naive)) * 60_000;
  if (zone.toUpperCase() === "Z") return naive;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return naive - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

