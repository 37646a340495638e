// Fills a store with many sent messages through its engine's own write path (for SQLite: the
// records, their terms, links, counts and trigrams), a thousand to a unit of work: how a benchmark
// builds a store of a million messages in minutes rather than sending each one.
import type { OutboundRecord } from "./collections.js";
import type { Store } from "./store.js";

/**
 * Stores `count` sent messages, `make(index)` for index 0 to count - 1, `perUnit` to a unit of work.
 * The messages' servers must exist (a first request with a server's token makes it); the core's
 * limits (a server's most messages) are not applied, and no events or webhooks come with them.
 */
export async function seedMessages(store: Store, count: number, make: (index: number) => OutboundRecord, perUnit = 1000): Promise<void> {
  for (let start = 0; start < count; start += perUnit) {
    const end = Math.min(count, start + perUnit);
    await store.transaction(async (tx) => {
      for (let index = start; index < end; index++) await tx.outbound.put(make(index));
    });
  }
}
