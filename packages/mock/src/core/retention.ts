// How much the emulator keeps, so a mock left running for weeks, or flooded, stays bounded. Every
// kind of record has a cap here (sent messages per server are an emulator setting,
// `maxMessagesPerServer`). Records of what happened (bounces, opens, events, …) keep the newest
// and let the oldest go; what an app creates (webhooks, rules, domains, …) is refused past its cap.
// Where Postmark publishes a limit of its own (100 templates, 10 streams per server) its groups
// apply it with Postmark's ErrorCode instead.
//
// Two limits are the user's (`--max-total`, `--max-age`): `sweep` applies them, bounded and
// spaced out, so a store of a million messages pays for them a little at a time.
import { PostmarkError } from "../protocol/errors.js";
import { deleteServerRecord } from "./account.js";
import { forgetMessages } from "./sent-messages.js";
import { collectionNames, collections, type CollectionName, type IndexOf } from "./store/collections.js";
import type { Query, Transaction } from "./store/store.js";
import type { Work } from "./work.js";

export const retention = {
  /** servers in the account; a new server token past it lets the oldest server go */
  servers: 10_000,
  /** inbound messages per server */
  inboundPerServer: 10_000,
  /** bounce records per server */
  bouncesPerServer: 10_000,
  /** open records per server */
  opensPerServer: 10_000,
  /** click records per server */
  clicksPerServer: 10_000,
  /** a message's MessageEvents (deliveries, bounces, opens, clicks, …); those of the send itself stay */
  eventsPerMessage: 1_000,
  /** suppressed addresses per stream */
  suppressionsPerStream: 10_000,
  /** bulk send requests per server */
  bulkRequestsPerServer: 1_000,
  /** data removal requests in the account */
  dataRemovals: 1_000,
  /** webhooks per server (refused past it) */
  webhooksPerServer: 1_000,
  /** inbound rules per server (refused past it) */
  inboundRulesPerServer: 1_000,
  /** SMTP tokens per server (refused past it) */
  smtpTokensPerServer: 100,
  /** domains in the account (refused past it) */
  domains: 1_000,
  /** sender signatures in the account (refused past it) */
  senderSignatures: 1_000,
} as const;

/** Lets the oldest records that match go, down to `max`. */
export async function keepNewest<Name extends CollectionName>(tx: Transaction, name: Name, query: Query<IndexOf<Name>>, max: number): Promise<void> {
  const collection = tx[name] as Transaction[CollectionName] as { count(query: Query): Promise<number>; deleteWhere(query: Query): Promise<number> };
  const excess = (await collection.count(query)) - max;
  if (excess > 0) await collection.deleteWhere({ ...query, order: "oldest", limit: excess });
}

/**
 * Refuses adding to a kind of record already at its cap. Postmark names no limit here, so the
 * ErrorCode is its general "invalid request" one and the message names the local Postmark's cap.
 */
export function refuseAtCap(count: number, max: number, what: string): void {
  if (count >= max) throw new PostmarkError(422, 300, `The local Postmark keeps at most ${max.toLocaleString("en-US")} ${what}; delete one before adding another.`);
}

/** How long a `--max-age` sweep waits before the next one, on the emulator's clock. */
export const sweepIntervalMs = 1_000;
/** The most records of one kind a sweep forgets, so that no sweep holds the store for long. */
export const sweepBatch = 1_000;
/** How stale a server's `usedAt` may get before a request naming it writes it again (and how often idle servers are looked for). */
export function usedAtResolutionMs(maxAgeMs: number): number {
  return Math.min(60 * 60 * 1_000, maxAgeMs / 10);
}

/** The kinds of record that age out under `maxAgeMs` (sent messages go with their events). */
const agingKinds = ["inbound", "bounces", "opens", "clicks", "bulkRequests"] as const;
/** What a server may hold and still be dropped when idle: its default streams, and nothing else. */
const heldKinds = collectionNames.filter((name) => name !== "streams" && collections[name].holds !== "account");

/**
 * Applies the store-wide limits: sent messages past `maxTotalMessages` (the oldest of any server
 * first), mail older than `maxAgeMs`, and servers idle longer than `maxAgeMs` that hold nothing.
 * It forgets at most `sweepBatch` records of a kind per run; the emulator runs it as a unit of its
 * own at most once per `sweepIntervalMs` (looking at servers only once per `usedAtResolutionMs`),
 * so a flood is trimmed over a few runs.
 */
export async function sweep(work: Work, options: { servers: boolean }): Promise<void> {
  const { maxTotalMessages, maxAgeMs } = work.settings;
  const { tx } = work;
  if (maxTotalMessages !== undefined) {
    const excess = Math.min((await tx.outbound.count()) - maxTotalMessages, sweepBatch);
    if (excess > 0) await forgetMessages(tx, { order: "oldest", limit: excess });
  }
  if (maxAgeMs === undefined) return;
  const cutoff = work.now.getTime() - maxAgeMs;
  await forgetMessages(tx, { at: { to: cutoff }, order: "oldest", limit: sweepBatch });
  for (const name of agingKinds) await tx[name].deleteWhere({ at: { to: cutoff }, order: "oldest", limit: sweepBatch });
  if (!options.servers) return;
  for (const { server, createdAt, usedAt } of await tx.servers.find({ order: "oldest" })) {
    if ((usedAt ?? createdAt) > cutoff || (await holdsAnything(tx, server.ID))) continue;
    await deleteServerRecord(tx, server.ID);
  }
}

async function holdsAnything(tx: Transaction, serverId: number): Promise<boolean> {
  for (const name of heldKinds) if ((await tx[name].count({ scope: serverId })) > 0) return true;
  return false;
}
