// Summaries of repeated measurements: medians with their min–max, and latency percentiles.

export function median(values) {
  return percentile(values, 50);
}

/** Nearest-rank percentile; `values` need not be sorted. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** { median, min, max, runs } of one figure over the rounds. */
export function summarize(values) {
  const finite = values.filter((value) => Number.isFinite(value));
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), runs: values };
}

/** Summarizes each named figure across a list of result objects. */
export function summarizeFields(results, fields) {
  return Object.fromEntries(fields.map((field) => [field, summarize(results.map((result) => result[field]))]));
}

export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : Number.NaN;
}

/** A new order each round (A B C D, B C D A, …) so no contender always runs first or last. */
export function rotate(items, round) {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
