// Looking up a server's message streams, shared by every group that names a stream: the streams
// API itself, suppressions, webhooks and sending.
import { fail } from "../front/errors.js";
import type { Context } from "./context.js";
import type { ServerState } from "./state.js";
import type { Schemas } from "./types.js";

export type MessageStream = Schemas["MessageStream"];

/** The streams every server is created with; they cannot be archived. */
export const defaultStreamIds: ReadonlySet<string> = new Set(["outbound", "inbound", "broadcast"]);

/** Stream IDs are lower case; Postmark finds them whatever the case of the request. */
export function findStream(server: ServerState, streamId: string): MessageStream | undefined {
  const wanted = streamId.trim().toLowerCase();
  return server.streams.find((stream) => stream.ID === wanted);
}

/** Drops archived streams whose purge date has passed, with their suppressions and webhooks. */
export function purgeExpiredStreams(server: ServerState, now: Date): void {
  const expired = server.streams.filter((stream) => typeof stream.ExpectedPurgeDate === "string" && Date.parse(stream.ExpectedPurgeDate) <= now.getTime());
  if (expired.length === 0) return;
  const gone = new Set(expired.map((stream) => stream.ID));
  server.streams = server.streams.filter((stream) => !gone.has(stream.ID));
  server.webhooks = server.webhooks.filter((webhook) => !gone.has(webhook.MessageStream));
  for (const id of gone) delete server.suppressions[id];
}

/** The call's server, with archived streams past their purge date gone. */
export function streamServer(context: Pick<Context, "server" | "now">): ServerState {
  const server = context.server();
  purgeExpiredStreams(server, context.now);
  return server;
}

/** The stream with this ID, or Postmark's "stream not found" refusal (ErrorCode 1226). */
export function requireStream(server: ServerState, streamId: string): MessageStream {
  return findStream(server, streamId) ?? fail(422, 1226, `The message stream '${streamId}' was not found on this server.`);
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
export function streamForSending(server: ServerState, streamId: string): MessageStream {
  const stream = findStream(server, streamId);
  if (!stream) fail(422, 1235, `The 'MessageStream' provided does not exist on this server: '${streamId}'.`);
  if (stream.MessageStreamType === "Inbound") fail(422, 1236, `Sending is not supported on the supplied 'MessageStream': '${stream.ID}' is an inbound stream.`);
  if (isArchived(stream)) fail(422, 1235, `The 'MessageStream' provided is archived and cannot send: '${stream.ID}'. Unarchive it first.`);
  return stream;
}
