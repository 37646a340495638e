// How much the emulator keeps, so a mock left running for weeks, or flooded, stays bounded. Every
// kind of record has a cap here (sent messages per server are an emulator setting,
// `maxMessagesPerServer`). Records of what happened (bounces, opens, events, …) keep the newest
// and let the oldest go; what an app creates (webhooks, rules, domains, …) is refused past its cap.
// Where Postmark publishes a limit of its own (100 templates, 10 streams per server) its groups
// apply it with Postmark's ErrorCode instead.
import { PostmarkError } from "../protocol/errors.js";
import type { CollectionName, IndexOf } from "./store/collections.js";
import type { Query, Transaction } from "./store/store.js";

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
  /** a message's MessageEvents (deliveries, bounces, opens, clicks, …) */
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
