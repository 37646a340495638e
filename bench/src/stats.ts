// Summaries of repeated measurements: medians with their min–max, and latency percentiles.

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function median(values: ArrayLike<number>): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile; `values` need not be sorted. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** { median, min, max, runs } of one figure over the rounds. */
export function summarize(values: number[]): Summary {
  const finite = values.filter((value) => Number.isFinite(value));
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), runs: values };
}

/** Summarizes each named figure across a list of result objects. */
export function summarizeFields<Field extends string>(results: Record<Field, number>[], fields: readonly Field[]): Record<Field, Summary> {
  return Object.fromEntries(fields.map((field) => [field, summarize(results.map((result) => result[field]))])) as Record<Field, Summary>;
}

export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}

/** A new order each round (A B C D, B C D A, …) so no contender always runs first or last. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
