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
 * Reads a `fromdate`/`todate` filter. A date alone is a whole Eastern day: `fromdate` from its
 * start, `todate` to its end (both inclusive, as Postmark documents). Returns milliseconds.
 */
export function filterBound(value: unknown, edge: "from" | "to"): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const text = value.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dateOnly) {
    const [, year, month, day] = dateOnly;
    const noonUtc = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), 12));
    const offset = easternOffsetMinutes(noonUtc);
    const startUtc = Date.UTC(Number(year), Number(month) - 1, Number(day)) - offset * 60_000;
    return edge === "from" ? startUtc : startUtc + 24 * 3_600_000 - 1;
  }
  // A date-time without an offset is Eastern local time too.
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) return undefined;
  if (hasZone) return parsed;
  const naive = Date.parse(`${text}Z`);
  return naive - easternOffsetMinutes(new Date(naive)) * 60_000;
}
