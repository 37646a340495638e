// Message streams: a server's transactional, broadcast and inbound streams. At most 10 per server
// (archived ones count until they are purged), one inbound; the default streams stay for good.
import { fail } from "../../protocol/errors.js";
import type { HandlerContext, Handlers } from "../handler.js";
import { defaultStreamIds, isArchived, requireStream, streamServer, saveStream, streamsOf, updateStream, type MessageStream } from "../streams.js";
import { postmarkTimestamp } from "../time.js";
import type { Schemas } from "../types.js";

export const maxStreamsPerServer = 10;
const purgeAfterDays = 45;
const dayMs = 24 * 3_600_000;

/** The stream the path names, on the call's server. */
async function pathStream(context: HandlerContext<"getMessageStream" | "editMessageStream" | "archiveMessageStream" | "unarchiveMessageStream">): Promise<MessageStream> {
  return requireStream(context.tx, await streamServer(context), context.pathParams.streamId);
}

/**
 * Why a stream ID is refused, or undefined if it is acceptable. The spec's pattern lets the front
 * refuse most of these first; the codes stay here for requests the pattern does not catch.
 */
export function streamIdProblem(id: string): { code: number; message: string } | undefined {
  if (id.trim() === "") return { code: 1222, message: "A message stream needs an ID." };
  if (id.toLowerCase().startsWith("pm-")) return { code: 1233, message: `The message stream ID '${id}' may not start with 'pm-'.` };
  if (!/^[a-z][a-z0-9_-]{0,29}$/.test(id)) {
    return { code: 1227, message: `The message stream ID '${id}' is not valid: use at most 30 lowercase letters, digits, hyphens and underscores, starting with a letter.` };
  }
  if (id === "all") return { code: 1237, message: "The message stream ID 'all' is reserved." };
  return undefined;
}

/** Descriptions are plain text: anything that looks like an HTML tag is refused (1234). */
export function containsHtml(text: string): boolean {
  return /<\s*\/?\s*[a-z!][^>]*>/i.test(text);
}

function checkName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = name.trim();
  if (trimmed === "") fail(422, 1223, "The message stream needs a name that is not blank.");
  if (trimmed.length > 100) fail(422, 1224, "The message stream's name is longer than 100 characters.");
  return trimmed;
}

function checkDescription(description: string | undefined): void {
  if (description === undefined) return;
  if (description.length > 1000) fail(422, 1231, "The message stream's description is longer than 1000 characters.");
  if (containsHtml(description)) fail(422, 1234, "The message stream's description may not contain HTML.");
}

export const messageStreamsHandlers = {
  listMessageStreams: async (context) => {
    const { query } = context;
    const type = query.MessageStreamType ?? "All";
    const streams = (await streamsOf(context.tx, await streamServer(context))).filter(
      (stream) => (type === "All" || stream.MessageStreamType === type) && (query.IncludeArchivedStreams === true || !isArchived(stream)),
    );
    const body: Schemas["MessageStreamList"] = { MessageStreams: streams, TotalCount: streams.length };
    return { status: 200, body };
  },

  createMessageStream: async (context) => {
    const request = context.body;
    const serverId = await streamServer(context);
    const idProblem = streamIdProblem(request.ID);
    if (idProblem) fail(422, idProblem.code, idProblem.message);
    const name = checkName(request.Name) ?? fail(422, 1223, "The message stream needs a name.");
    checkDescription(request.Description);
    const streams = await streamsOf(context.tx, serverId);
    if (streams.some((stream) => stream.ID === request.ID)) fail(422, 1230, `A message stream with the ID '${request.ID}' already exists on this server.`);
    if (request.MessageStreamType === "Inbound" && streams.some((stream) => stream.MessageStreamType === "Inbound")) {
      fail(422, 1228, "This server already has an inbound stream; a server can have only one.");
    }
    if (streams.length >= maxStreamsPerServer) fail(422, 1225, `This server already has ${maxStreamsPerServer} message streams, the most a server can have.`);
    const stream: MessageStream = {
      ID: request.ID,
      ServerID: serverId,
      Name: name,
      Description: request.Description ?? null,
      MessageStreamType: request.MessageStreamType,
      CreatedAt: context.timestamp,
      UpdatedAt: null,
      ArchivedAt: null,
      ExpectedPurgeDate: null,
      SubscriptionManagementConfiguration: request.SubscriptionManagementConfiguration ?? {
        UnsubscribeHandlingType: request.MessageStreamType === "Broadcasts" ? "Postmark" : "None",
      },
    };
    await saveStream(context.tx, stream, context.now.getTime());
    return { status: 200, body: stream };
  },

  getMessageStream: async (context) => ({ status: 200, body: await pathStream(context) }),

  editMessageStream: async (context) => {
    const request = context.body;
    const stream = await pathStream(context);
    const name = checkName(request.Name);
    checkDescription(request.Description);
    const edited = await updateStream(context.tx, stream, {
      ...(name !== undefined ? { Name: name } : {}),
      ...(request.Description !== undefined ? { Description: request.Description } : {}),
      ...(request.SubscriptionManagementConfiguration ? { SubscriptionManagementConfiguration: request.SubscriptionManagementConfiguration } : {}),
      UpdatedAt: context.timestamp,
    });
    return { status: 200, body: edited };
  },

  archiveMessageStream: async (context) => {
    let stream = await pathStream(context);
    if (defaultStreamIds.has(stream.ID)) fail(422, 1229, `The default message stream '${stream.ID}' cannot be archived.`);
    // Archiving an archived stream again keeps its first dates.
    if (!isArchived(stream)) {
      stream = await updateStream(context.tx, stream, { ArchivedAt: context.timestamp, ExpectedPurgeDate: postmarkTimestamp(new Date(context.now.getTime() + purgeAfterDays * dayMs)) });
    }
    const body: Schemas["MessageStreamArchiveResult"] = { ID: stream.ID, ServerID: stream.ServerID, ExpectedPurgeDate: stream.ExpectedPurgeDate ?? context.timestamp };
    return { status: 200, body };
  },

  unarchiveMessageStream: async (context) => {
    const stream = await pathStream(context);
    if (!isArchived(stream)) fail(422, 1232, `The message stream '${stream.ID}' is not archived, so it cannot be unarchived.`);
    return { status: 200, body: await updateStream(context.tx, stream, { ArchivedAt: null, ExpectedPurgeDate: null, UpdatedAt: context.timestamp }) };
  },
} satisfies Partial<Handlers>;
