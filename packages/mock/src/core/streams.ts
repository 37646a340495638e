// Looking up a server's message streams, shared by every group that names a stream: the streams
// API itself, suppressions, webhooks and sending.
import { fail } from "../protocol/errors.js";
import { defaultStreams } from "./account.js";
import type { CallWork } from "./handler.js";
import type { StreamRecord } from "./store/collections.js";
import type { Transaction } from "./store/store.js";
import type { Schemas } from "./types.js";

export type MessageStream = Schemas["MessageStream"];

/** The streams every server is created with; they cannot be archived. */
export const defaultStreamIds: ReadonlySet<string> = new Set(defaultStreams.map((stream) => stream.ID));

function streamKey(serverId: number, streamId: string): string {
  return `${serverId}/${streamId.trim().toLowerCase()}`;
}

/** Stream IDs are lower case; Postmark finds them whatever the case of the request. */
export async function findStream(tx: Transaction, serverId: number, streamId: string): Promise<MessageStream | undefined> {
  return (await tx.streams.get(streamKey(serverId, streamId)))?.stream;
}

export async function saveStream(tx: Transaction, stream: MessageStream, at: number): Promise<void> {
  await tx.streams.put({ stream, at } satisfies StreamRecord);
}

/** Changes a stored stream: the change is applied to a copy, which replaces it. */
export async function updateStream(tx: Transaction, stream: MessageStream, change: Partial<MessageStream>): Promise<MessageStream> {
  const record = await tx.streams.get(streamKey(stream.ServerID, stream.ID));
  const updated = { ...stream, ...change };
  await tx.streams.put({ stream: updated, at: record?.at ?? 0 });
  return updated;
}

/** The server's streams, oldest first. */
export async function streamsOf(tx: Transaction, serverId: number): Promise<MessageStream[]> {
  return (await tx.streams.find({ scope: serverId, order: "oldest" })).map((record) => record.stream);
}

/** Drops archived streams whose purge date has passed, with their suppressions and webhooks. */
export async function purgeExpiredStreams(tx: Transaction, serverId: number, now: Date): Promise<void> {
  const expired = (await streamsOf(tx, serverId)).filter((stream) => typeof stream.ExpectedPurgeDate === "string" && Date.parse(stream.ExpectedPurgeDate) <= now.getTime());
  for (const stream of expired) {
    await tx.streams.delete(streamKey(serverId, stream.ID));
    await tx.webhooks.deleteWhere({ scope: serverId, where: { stream: stream.ID } });
    await tx.suppressions.deleteWhere({ scope: serverId, where: { stream: stream.ID } });
  }
}

/** The call's server ID, with its archived streams past their purge date gone. */
export async function streamServer(context: CallWork): Promise<number> {
  const serverId = (await context.server()).server.ID;
  await purgeExpiredStreams(context.tx, serverId, context.now);
  return serverId;
}

/** The stream with this ID, or Postmark's "stream not found" refusal (ErrorCode 1226). */
export async function requireStream(tx: Transaction, serverId: number, streamId: string): Promise<MessageStream> {
  return (await findStream(tx, serverId, streamId)) ?? fail(422, 1226, "The message stream for the provided 'ID' was not found.");
}

export function isArchived(stream: MessageStream): boolean {
  return stream.ArchivedAt !== null;
}

/**
 * The stream a message is sent through. Refused like Postmark does: an unknown stream is 1235, an
 * inbound stream is 1236. An archived stream refuses sends as well; Postmark documents no code of
 * its own for that, and an archived stream is gone from the server's active streams, so it is
 * answered as a stream that does not exist (1235), with a message that says why.
 */
export async function streamForSending(tx: Transaction, serverId: number, streamId: string): Promise<MessageStream> {
  const stream = await findStream(tx, serverId, streamId);
  if (!stream) fail(422, 1235, `The stream provided: '${streamId}' does not exist on this server.`);
  if (stream.MessageStreamType === "Inbound") fail(422, 1236, `Sending is not supported on the supplied 'MessageStream': '${stream.ID}' is an inbound stream.`);
  if (isArchived(stream)) fail(422, 1235, `The 'MessageStream' provided is archived and cannot send: '${stream.ID}'. Unarchive it first.`);
  return stream;
}
