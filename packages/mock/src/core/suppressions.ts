// A stream's suppression list: the addresses it will not send to. Used by the suppressions API,
// by sending (to refuse suppressed recipients) and by bounces (a hard bounce suppresses, a
// reactivation lifts it). Addresses compare without regard to case.
import type { ServerState } from "./state.js";
import { postmarkTimestamp } from "./time.js";
import type { Schemas } from "./types.js";
import { keepNewest, retention } from "./retention.js";

export type Suppression = Schemas["Suppression"];
export type SuppressionReason = Schemas["SuppressionReason"];
export type SuppressionOrigin = Schemas["SuppressionOrigin"];

function key(streamId: string): string {
  return streamId.trim().toLowerCase();
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The stream's suppressions, oldest first (an empty list when there are none). */
export function suppressionsOf(server: ServerState, streamId: string): Suppression[] {
  return server.suppressions[key(streamId)] ?? [];
}

export function findSuppression(server: ServerState, streamId: string, email: string): Suppression | undefined {
  return suppressionsOf(server, streamId).find((entry) => same(entry.EmailAddress, email));
}

export function isSuppressed(server: ServerState, streamId: string, email: string): boolean {
  return findSuppression(server, streamId, email) !== undefined;
}

/** Adds the address to the stream's list; an address already there keeps its first reason and date. */
export function suppress(server: ServerState, streamId: string, email: string, reason: SuppressionReason, origin: SuppressionOrigin, at: Date): Suppression {
  const existing = findSuppression(server, streamId, email);
  if (existing) return existing;
  const entry: Suppression = { EmailAddress: email.trim(), SuppressionReason: reason, Origin: origin, CreatedAt: postmarkTimestamp(at) };
  const list = (server.suppressions[key(streamId)] ??= []);
  list.push(entry);
  keepNewest(list, retention.suppressionsPerStream);
  return entry;
}

/** Removes the address from the stream's list; returns what was removed, if anything. */
export function unsuppress(server: ServerState, streamId: string, email: string): Suppression | undefined {
  const list = server.suppressions[key(streamId)];
  const index = list ? list.findIndex((entry) => same(entry.EmailAddress, email)) : -1;
  if (!list || index < 0) return undefined;
  const [removed] = list.splice(index, 1);
  return removed;
}
