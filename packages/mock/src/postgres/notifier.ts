// Tells the other replicas what this one kept, after the units' commits and outside their
// transactions: a NOTIFY inside a transaction holds the database's notification queue lock from
// its commit until that commit is on disk, so every unit that notified would commit after the
// last one's disk write, one at a time. Broadcasts that arrive while one statement is out go
// together in the next (one round trip for many units).
import type { Pool } from "pg";
import type { Broadcast } from "./postgres-store.js";

export interface Notifier {
  /** queues what a committed unit announces; sent at once, or with the next batch */
  send(broadcasts: readonly Broadcast[]): void;
  /** resolves once everything queued was sent (or could not be) */
  flushed(): Promise<void>;
}

export function createNotifier(pool: Pool, channel: string): Notifier {
  let queued: string[] = [];
  let jobs: string | undefined;
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    while (queued.length > 0 || jobs !== undefined) {
      const payloads = jobs === undefined ? queued : [...queued, jobs];
      queued = [];
      jobs = undefined;
      try {
        // unnest gives the payloads in order, and pg_notify is called on each in that order.
        await pool.query("SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload", [channel, payloads]);
      } catch {
        // The database is away: the records are kept, and a replica that listens again looks for
        // jobs at once; only the live stream misses these.
      }
    }
  }

  return {
    send(broadcasts) {
      if (broadcasts.length === 0) return;
      for (const broadcast of broadcasts) {
        // One word that jobs are waiting is enough for a batch.
        if ("jobs" in broadcast) jobs = JSON.stringify(broadcast);
        else queued.push(JSON.stringify(broadcast));
      }
      flushing ??= flush().finally(() => (flushing = undefined));
    },
    flushed: () => flushing ?? Promise.resolve(),
  };
}
