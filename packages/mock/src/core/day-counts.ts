// Per-day statistics the way Postmark's stats answers lay them out: one row per US Eastern day that
// had something to count (oldest first), each row holding `Date` and the counts seen that day, and
// the same counts summed over the period beside `Days`. A count that never occurred is left out of
// a row and of the totals, as Postmark leaves it out.
import { easternDay } from "./time.js";

/** One counted thing: when it happened (ms) and what it adds to its day, by name. */
export interface Tally {
  at: number;
  counts: Readonly<Record<string, number>>;
}

export type DayRow = { Date: string } & Record<string, number>;

export interface DayCounts {
  Days: DayRow[];
  totals: Record<string, number>;
}

/**
 * Sums tallies per Eastern day. A name a tally mentions appears in its day's row and in the totals
 * even when it added 0, so answers whose rows need a field (`Unique` beside `Opens`) always carry it.
 */
export function countByDay(tallies: Iterable<Tally>): DayCounts {
  const days = new Map<string, Record<string, number>>();
  const totals: Record<string, number> = {};
  for (const { at, counts } of tallies) {
    const day = easternDay(new Date(at));
    let row = days.get(day);
    if (!row) days.set(day, (row = {}));
    for (const [name, value] of Object.entries(counts)) {
      row[name] = (row[name] ?? 0) + value;
      totals[name] = (totals[name] ?? 0) + value;
    }
  }
  const Days = [...days.keys()].sort().map((Date) => ({ Date, ...days.get(Date) }) as DayRow);
  return { Days, totals };
}

/** A one-of count: `{ [name]: 1 }`, for tallies that fall in exactly one category. */
export function one(name: string): Record<string, number> {
  return { [name]: 1 };
}
