// Webhooks: per stream, where Postmark posts events, with which triggers, credentials and headers.
// Stored exactly as the API returns them: every trigger present, an empty header list when none.
import { fail } from "../../protocol/errors.js";
import type { HandlerContext, Handlers } from "../handler.js";
import { refuseAtCap, retention } from "../retention.js";
import { isUsableUrl } from "../server-settings.js";
import type { WebhookRecord } from "../store/collections.js";
import { requireStream, streamServer } from "../streams.js";
import type { Schemas } from "../types.js";

type Webhook = Schemas["Webhook"];
type Triggers = Schemas["WebhookTriggers"];
type TriggersInput = Schemas["WebhookTriggersInput"];

/** A new webhook's triggers: all off unless the request turns them on. */
function defaultTriggers(): Triggers {
  return {
    Open: { Enabled: false, PostFirstOpenOnly: false },
    Click: { Enabled: false },
    Delivery: { Enabled: false },
    Bounce: { Enabled: false, IncludeContent: false },
    SpamComplaint: { Enabled: false, IncludeContent: false },
    SubscriptionChange: { Enabled: false },
  };
}

/** Each trigger sent replaces the fields it names; triggers left out keep their settings. */
export function mergeTriggers(current: Triggers, input: TriggersInput | undefined): Triggers {
  if (!input) return current;
  return {
    Open: { ...current.Open, ...input.Open },
    Click: { ...current.Click, ...input.Click },
    Delivery: { ...current.Delivery, ...input.Delivery },
    Bounce: { ...current.Bounce, ...input.Bounce },
    SpamComplaint: { ...current.SpamComplaint, ...input.SpamComplaint },
    SubscriptionChange: { ...current.SubscriptionChange, ...input.SubscriptionChange },
  };
}

function checkUrl(url: string | undefined): void {
  if (url !== undefined && !isUsableUrl(url)) fail(422, 606, `The webhook URL '${url}' is not valid: it must be an absolute http or https address.`);
}

async function webhookById(context: HandlerContext<"getWebhook" | "editWebhook" | "deleteWebhook">): Promise<WebhookRecord> {
  const serverId = await streamServer(context);
  const id = context.pathParams.webhookid;
  const record = await context.tx.webhooks.get(id);
  if (!record || record.serverId !== serverId) fail(404, 404, "The webhook for the provided 'ID' was not found.");
  return record;
}

export const webhooksHandlers = {
  listWebhooks: async (context) => {
    const { MessageStream } = context.query;
    const serverId = await streamServer(context);
    const streamId = MessageStream === undefined ? undefined : (await requireStream(context.tx, serverId, MessageStream)).ID;
    const found = await context.tx.webhooks.find({ scope: serverId, order: "oldest", ...(streamId === undefined ? {} : { where: { stream: streamId } }) });
    const body: Schemas["WebhookList"] = { Webhooks: found.map((record) => record.webhook) };
    return { status: 200, body };
  },

  createWebhook: async (context) => {
    const request = context.body;
    const serverId = await streamServer(context);
    checkUrl(request.Url);
    refuseAtCap(await context.tx.webhooks.count({ scope: serverId }), retention.webhooksPerServer, "webhooks per server");
    const stream = await requireStream(context.tx, serverId, request.MessageStream ?? "outbound");
    if (stream.MessageStreamType === "Inbound") {
      fail(422, 1236, `The inbound stream '${stream.ID}' takes no webhooks; inbound mail is posted to the server's InboundHookUrl.`);
    }
    const webhook: Webhook = {
      ID: await context.nextId("webhook"),
      Url: request.Url,
      MessageStream: stream.ID,
      HttpAuth: request.HttpAuth ?? null,
      HttpHeaders: request.HttpHeaders ?? [],
      Triggers: mergeTriggers(defaultTriggers(), request.Triggers),
    };
    await context.tx.webhooks.put({ serverId, webhook });
    return { status: 200, body: webhook };
  },

  getWebhook: async (context) => ({ status: 200, body: (await webhookById(context)).webhook }),

  editWebhook: async (context) => {
    const request = context.body;
    const record = await webhookById(context);
    checkUrl(request.Url);
    const webhook: Webhook = {
      ...record.webhook,
      ...(request.Url !== undefined ? { Url: request.Url } : {}),
      ...(request.HttpAuth !== undefined ? { HttpAuth: request.HttpAuth } : {}),
      ...(request.HttpHeaders !== undefined ? { HttpHeaders: request.HttpHeaders } : {}),
      Triggers: mergeTriggers(record.webhook.Triggers, request.Triggers),
    };
    await context.tx.webhooks.put({ ...record, webhook });
    return { status: 200, body: webhook };
  },

  deleteWebhook: async (context) => {
    const { webhook } = await webhookById(context);
    await context.tx.webhooks.delete(webhook.ID);
    const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: `Webhook ${webhook.ID} removed.` };
    return { status: 200, body };
  },
} satisfies Partial<Handlers>;
