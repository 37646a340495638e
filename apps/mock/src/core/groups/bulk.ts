// Bulk email: one request fans out to many recipients on a broadcast stream. The request is
// accepted at once with an ID; every message is sent while the request is handled, so its
// status reads Completed from the first look.
import type { Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import type { OutgoingMessage } from "../mail/index.js";
import { renderTemplatedMessage } from "../render-templated.js";
import { sendMessage } from "../sending.js";
import { streamForSending } from "../streams.js";
import type { OperationId, Schemas } from "../types.js";

type BulkRequest = Schemas["BulkEmailRequest"] & Record<string, unknown>;

export const bulkHandlers: Partial<Record<OperationId, Handler>> = {
  sendBulkEmail: (context) => {
    const server = context.server();
    const request = context.body<BulkRequest>();
    const streamId = (request["MessageStream"] as string | undefined) ?? "broadcast";
    const stream = streamForSending(server, streamId);
    if (stream.MessageStreamType !== "Broadcasts") fail(422, 1236, `Bulk requests are sent through a broadcast stream; '${streamId}' is a ${stream.MessageStreamType.toLowerCase()} stream.`);
    const id = context.uuid();
    const { Messages, TemplateModel: _model, ...shared } = request as BulkRequest & { Messages: Schemas["BulkEmailRecipient"][]; TemplateModel?: unknown };
    const templated = shared["TemplateId"] !== undefined || shared["TemplateAlias"] !== undefined;
    for (const recipient of Messages) {
      const { TemplateModel, ...envelope } = recipient as Schemas["BulkEmailRecipient"] & { TemplateModel?: Record<string, unknown> };
      let content: Partial<OutgoingMessage> = {};
      if (templated) {
        const rendered = renderTemplatedMessage(server, { ...(shared as object), TemplateModel: TemplateModel ?? {} } as Schemas["TemplatedEmailMessage"]);
        if ("errorCode" in rendered) continue;
        content = rendered;
      }
      const message = { ...shared, ...envelope, ...content, MessageStream: streamId } as unknown as OutgoingMessage;
      delete (message as unknown as Record<string, unknown>)["TemplateId"];
      delete (message as unknown as Record<string, unknown>)["TemplateAlias"];
      delete (message as unknown as Record<string, unknown>)["InlineCss"];
      sendMessage(context, server, message, { kind: templated ? "template" : "email" });
    }
    const status: Schemas["BulkEmailStatusResponse"] = {
      Id: id,
      SubmittedAt: context.timestamp,
      TotalMessages: Messages.length,
      PercentageCompleted: 100,
      Status: "Completed",
      Subject: (shared["Subject"] as string | undefined) ?? null,
    };
    if (!context.isTestToken) server.bulkRequests.push({ status, at: context.now.getTime() });
    return { status: 200, body: { Id: id, Status: "Accepted", SubmittedAt: context.timestamp } satisfies Schemas["BulkEmailSendResponse"] };
  },

  getBulkEmailStatus: (context) => {
    const id = context.param("bulkRequestId").toLowerCase();
    const record = context.server().bulkRequests.find((entry) => entry.status.Id.toLowerCase() === id);
    if (!record) fail(404, 701, `No bulk request with ID '${context.param("bulkRequestId")}' exists on this server.`);
    return { status: 200, body: record.status };
  },
};
