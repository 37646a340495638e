// Bulk email: one request fans out to many recipients on a broadcast stream. The request is
// accepted at once with an ID; every message is sent while the request is handled, so its
// status reads Completed from the first look.
import type { Bound, Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import type { OutgoingMessage } from "../mail/index.js";
import { renderTemplatedMessage } from "../render-templated.js";
import { sendMessage } from "../sending.js";
import type { ServerState } from "../state.js";
import { streamForSending } from "../streams.js";
import type { OperationId, Schemas } from "../types.js";
import { keepNewest, retention } from "../retention.js";

type BulkRequest = Bound<Schemas["BulkEmailRequest"]>;
type BulkRecipient = Bound<Schemas["BulkEmailRecipient"]>;

/** The message one recipient of a bulk request gets, or undefined when its model does not fit the template. */
function messageFor(server: ServerState, request: BulkRequest, recipient: BulkRecipient, streamId: string): OutgoingMessage | undefined {
  const { Messages: _messages, TemplateId, TemplateAlias, InlineCss, ...shared } = request as BulkRequest & { TemplateId?: number; TemplateAlias?: string; InlineCss?: boolean };
  const { TemplateModel, ...envelope } = recipient as BulkRecipient & { TemplateModel?: Record<string, unknown> };
  const base = { ...shared, ...envelope, MessageStream: streamId } as OutgoingMessage;
  if (TemplateId === undefined && TemplateAlias === undefined) return base;
  const rendered = renderTemplatedMessage(server, { ...(TemplateId !== undefined ? { TemplateId } : {}), ...(TemplateAlias !== undefined ? { TemplateAlias } : {}), ...(InlineCss !== undefined ? { InlineCss } : {}), TemplateModel: TemplateModel ?? {} });
  return rendered.ok ? { ...base, ...rendered.message } : undefined;
}

export const bulkHandlers: Partial<Record<OperationId, Handler>> = {
  sendBulkEmail: (context) => {
    const server = context.server();
    const request = context.body<Schemas["BulkEmailRequest"]>();
    const streamId = request.MessageStream ?? "broadcast";
    const stream = streamForSending(server, streamId);
    if (stream.MessageStreamType !== "Broadcasts") fail(422, 1236, `Bulk requests are sent through a broadcast stream; '${streamId}' is a ${stream.MessageStreamType.toLowerCase()} stream.`);
    const templated = "TemplateId" in request || "TemplateAlias" in request;
    for (const recipient of request.Messages) {
      const message = messageFor(server, request, recipient, streamId);
      if (message) sendMessage(context, server, message, { kind: templated ? "template" : "email" });
    }
    const status: Schemas["BulkEmailStatusResponse"] = {
      Id: context.uuid(),
      SubmittedAt: context.timestamp,
      TotalMessages: request.Messages.length,
      PercentageCompleted: 100,
      Status: "Completed",
      Subject: request.Subject ?? null,
    };
    if (!context.isTestToken) {
      server.bulkRequests.push({ status, at: context.now.getTime() });
      keepNewest(server.bulkRequests, retention.bulkRequestsPerServer);
    }
    return { status: 200, body: { Id: status.Id, Status: "Accepted", SubmittedAt: context.timestamp } satisfies Schemas["BulkEmailSendResponse"] };
  },

  getBulkEmailStatus: (context) => {
    const id = context.param("bulkRequestId").toLowerCase();
    const record = context.server().bulkRequests.find((entry) => entry.status.Id.toLowerCase() === id);
    if (!record) fail(404, 701, `No bulk request with ID '${context.param("bulkRequestId")}' exists on this server.`);
    return { status: 200, body: record.status };
  },
};
