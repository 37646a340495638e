// Bulk email: one request fans out to many recipients on a broadcast stream. The request is
// accepted at once with an ID; every message is sent while the request is handled, so its
// status reads Completed from the first look.
import type { Bound } from "../../protocol/contract.js";
import { fail } from "../../protocol/errors.js";
import type { Handlers } from "../handler.js";
import type { OutgoingMessage } from "../mail/index.js";
import { renderTemplatedMessage } from "../render-templated.js";
import { keepNewest, retention } from "../retention.js";
import { sendMessage } from "../sending.js";
import { streamForSending } from "../streams.js";
import type { Schemas } from "../types.js";
import type { Work } from "../work.js";

type BulkRequest = Bound<Schemas["BulkEmailRequest"]>;
type BulkRecipient = Bound<Schemas["BulkEmailRecipient"]>;

/** The message one recipient of a bulk request gets, or undefined when its model does not fit the template. */
async function messageFor(work: Work, serverId: number, request: BulkRequest, recipient: BulkRecipient, streamId: string): Promise<OutgoingMessage | undefined> {
  const { Messages: _messages, TemplateId, TemplateAlias, InlineCss, ...shared } = request as BulkRequest & { TemplateId?: number; TemplateAlias?: string; InlineCss?: boolean };
  const { TemplateModel, ...envelope } = recipient as BulkRecipient & { TemplateModel?: Record<string, unknown> };
  const base = { ...shared, ...envelope, MessageStream: streamId } as OutgoingMessage;
  if (TemplateId === undefined && TemplateAlias === undefined) return base;
  const rendered = await renderTemplatedMessage(work.tx, serverId, {
    ...(TemplateId !== undefined ? { TemplateId } : {}),
    ...(TemplateAlias !== undefined ? { TemplateAlias } : {}),
    ...(InlineCss !== undefined ? { InlineCss } : {}),
    TemplateModel: TemplateModel ?? {},
  });
  return rendered.ok ? { ...base, ...rendered.message } : undefined;
}

export const bulkHandlers = {
  sendBulkEmail: async (context) => {
    const serverId = (await context.server()).server.ID;
    const request = context.body;
    const streamId = request.MessageStream ?? "broadcast";
    const stream = await streamForSending(context.tx, serverId, streamId);
    if (stream.MessageStreamType !== "Broadcasts") fail(422, 1236, `Bulk requests are sent through a broadcast stream; '${streamId}' is a ${stream.MessageStreamType.toLowerCase()} stream.`);
    const templated = "TemplateId" in request || "TemplateAlias" in request;
    for (const recipient of request.Messages) {
      const message = await messageFor(context, serverId, request, recipient, streamId);
      if (message) await sendMessage(context, serverId, message, { kind: templated ? "template" : "email", test: context.isTestToken });
    }
    const status: Schemas["BulkEmailStatusResponse"] = {
      Id: context.uuid(),
      SubmittedAt: context.timestamp,
      TotalMessages: request.Messages.length,
      PercentageCompleted: 100,
      Status: "Completed",
      Subject: request.Subject ?? null,
    };
    await context.tx.bulkRequests.put({ serverId, status, at: context.now.getTime() });
    await keepNewest(context.tx, "bulkRequests", { scope: serverId }, retention.bulkRequestsPerServer);
    return { status: 200, body: { Id: status.Id, Status: "Accepted", SubmittedAt: context.timestamp } satisfies Schemas["BulkEmailSendResponse"] };
  },

  getBulkEmailStatus: async (context) => {
    const id = context.pathParams.bulkRequestId;
    const record = await context.tx.bulkRequests.get(id.toLowerCase());
    if (!record || record.serverId !== (await context.server()).server.ID) fail(404, 701, `No bulk request with ID '${id}' exists on this server.`);
    return { status: 200, body: record.status };
  },
} satisfies Partial<Handlers>;
