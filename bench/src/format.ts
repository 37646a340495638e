// How the report writes figures: numbers, medians with their spread, and markdown tables. Shared
// by every section so that the same figure reads the same everywhere.
import type { Summary } from "./stats.js";

export type Format = (value: number) => string;

export const integer: Format = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a");
export const fixed = (digits: number): Format => (value) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
export const megabytes: Format = (bytes) => fixed(1)(bytes / 1024 / 1024);
export const seconds: Format = (ms) => fixed(2)(ms / 1000);
export const times: Format = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "n/a");
export const percent: Format = (value) => (Number.isFinite(value) ? `${Math.round(value * 100)}%` : "n/a");

/** "median (min–max)" of a summary, each number through `format`; the median alone for one run. */
export const spread = (summary: Summary, format: Format): string => (summary.runs.length > 1 ? `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})` : format(summary.median));

/** A markdown table. */
export function table(header: string[], rows: (string | number | undefined)[][]): string {
  const line = (cells: (string | number | undefined)[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
