// Count/offset paging as Postmark's list operations do it. The front has already checked the
// limits the spec states (count ≤ 500, count + offset ≤ 10,000 for searches).

export interface PageQuery {
  count?: unknown;
  offset?: unknown;
  Count?: unknown;
  Offset?: unknown;
}

/** One page of `items` (already in the order the API lists them) and the total before paging. */
export function page<T>(items: readonly T[], query: PageQuery, defaults: { count: number } = { count: 500 }): { total: number; items: T[] } {
  const count = Number(query.count ?? query.Count ?? defaults.count);
  const offset = Number(query.offset ?? query.Offset ?? 0);
  return { total: items.length, items: items.slice(offset, offset + count) };
}

/** Case-insensitive equality, as Postmark compares addresses, tags and names in filters. */
export function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
}

/** Case-insensitive substring match, as Postmark's search filters match. */
export function containsText(haystack: string | null | undefined, needle: string): boolean {
  return (haystack ?? "").toLowerCase().includes(needle.toLowerCase());
}

/** The index of the last item that matches, or -1: records are stored oldest first, and lookups are mostly of recent ones. */
export function lastIndexWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}
