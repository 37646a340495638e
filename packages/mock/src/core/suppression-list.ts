// A stream's suppression list: the addresses it will not send to. Used by the suppressions API,
// by sending (to refuse suppressed recipients) and by bounces (a hard bounce suppresses, a
// reactivation lifts it). Addresses compare without regard to case.
import { keepNewest, retention } from "./retention.js";
import { suppressionKey, type SuppressionRecord } from "./store/collections.js";
import type { Query, Transaction } from "./store/store.js";
import { postmarkTimestamp } from "./time.js";
import type { Schemas } from "./types.js";

export type Suppression = Schemas["Suppression"];
export type SuppressionReason = Schemas["SuppressionReason"];
export type SuppressionOrigin = Schemas["SuppressionOrigin"];

/** The stream's suppressions that pass the filters, oldest first. */
export async function suppressionsOf(tx: Transaction, serverId: number, streamId: string, filter: Omit<Query<"email" | "reason" | "origin">, "scope" | "order"> = {}): Promise<Suppression[]> {
  const records = await tx.suppressions.find({ ...filter, scope: serverId, where: { ...filter.where, stream: streamId.trim().toLowerCase() }, order: "oldest" });
  return records.map((record) => record.suppression);
}

export async function findSuppression(tx: Transaction, serverId: number, streamId: string, email: string): Promise<Suppression | undefined> {
  return (await tx.suppressions.get(suppressionKey(serverId, streamId, email)))?.suppression;
}

export async function isSuppressed(tx: Transaction, serverId: number, streamId: string, email: string): Promise<boolean> {
  return (await findSuppression(tx, serverId, streamId, email)) !== undefined;
}

/** Adds the address to the stream's list; an address already there keeps its first reason and date. */
export async function suppress(tx: Transaction, serverId: number, streamId: string, email: string, reason: SuppressionReason, origin: SuppressionOrigin, at: Date): Promise<Suppression> {
  const existing = await findSuppression(tx, serverId, streamId, email);
  if (existing) return existing;
  const suppression: Suppression = { EmailAddress: email.trim(), SuppressionReason: reason, Origin: origin, CreatedAt: postmarkTimestamp(at) };
  const stream = streamId.trim().toLowerCase();
  await tx.suppressions.put({ serverId, stream, suppression, at: at.getTime() } satisfies SuppressionRecord);
  await keepNewest(tx, "suppressions", { scope: serverId, where: { stream } }, retention.suppressionsPerStream);
  return suppression;
}

/** Removes the address from the stream's list; returns what was removed, if anything. */
export async function unsuppress(tx: Transaction, serverId: number, streamId: string, email: string): Promise<Suppression | undefined> {
  const key = suppressionKey(serverId, streamId, email);
  const existing = await tx.suppressions.get(key);
  if (!existing) return undefined;
  await tx.suppressions.delete(key);
  return existing.suppression;
}
