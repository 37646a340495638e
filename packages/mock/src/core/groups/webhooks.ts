// Webhooks: per stream, where Postmark posts events, with which triggers, credentials and headers.
// Stored exactly as the API returns them: every trigger present, an empty header list when none.
import { fail } from "../../front/errors.js";
import type { Context, Handler } from "../context.js";
import { isUsableUrl } from "../server-settings.js";
import type { ServerState } from "../state.js";
import { requireStream, streamServer } from "../streams.js";
import type { OperationId, Schemas } from "../types.js";
import { refuseAtCap, retention } from "../retention.js";

type Webhook = Schemas["Webhook"];
type Triggers = Schemas["WebhookTriggers"];
type TriggersInput = Schemas["WebhookTriggersInput"];

interface ListQuery {
  MessageStream?: string;
}

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

function webhookById(server: ServerState, context: Context): Webhook {
  const id = Number(context.param("webhookid"));
  return server.webhooks.find((webhook) => webhook.ID === id) ?? fail(404, 404, `No webhook with ID ${id} exists on this server.`);
}

function listWebhooks(context: Context) {
  const { MessageStream } = context.query<ListQuery>();
  const server = streamServer(context);
  const streamId = MessageStream === undefined ? undefined : requireStream(server, MessageStream).ID;
  const body: Schemas["WebhookList"] = { Webhooks: server.webhooks.filter((webhook) => streamId === undefined || webhook.MessageStream === streamId) };
  return { status: 200, body };
}

function createWebhook(context: Context) {
  const request = context.body<Schemas["CreateWebhookRequest"]>();
  const server = streamServer(context);
  checkUrl(request.Url);
  refuseAtCap(server.webhooks.length, retention.webhooksPerServer, "webhooks per server");
  const stream = requireStream(server, request.MessageStream ?? "outbound");
  if (stream.MessageStreamType === "Inbound") {
    fail(422, 1236, `The inbound stream '${stream.ID}' takes no webhooks; inbound mail is posted to the server's InboundHookUrl.`);
  }
  const webhook: Webhook = {
    ID: context.nextId("webhook"),
    Url: request.Url,
    MessageStream: stream.ID,
    HttpAuth: request.HttpAuth ?? null,
    HttpHeaders: request.HttpHeaders ?? [],
    Triggers: mergeTriggers(defaultTriggers(), request.Triggers),
  };
  server.webhooks.push(webhook);
  return { status: 200, body: webhook };
}

function editWebhook(context: Context) {
  const request = context.body<Schemas["EditWebhookRequest"]>();
  const webhook = webhookById(streamServer(context), context);
  checkUrl(request.Url);
  if (request.Url !== undefined) webhook.Url = request.Url;
  if (request.HttpAuth !== undefined) webhook.HttpAuth = request.HttpAuth;
  if (request.HttpHeaders !== undefined) webhook.HttpHeaders = request.HttpHeaders;
  webhook.Triggers = mergeTriggers(webhook.Triggers, request.Triggers);
  return { status: 200, body: webhook };
}

function deleteWebhook(context: Context) {
  const server = streamServer(context);
  const webhook = webhookById(server, context);
  server.webhooks = server.webhooks.filter((entry) => entry !== webhook);
  const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: `Webhook ${webhook.ID} removed.` };
  return { status: 200, body };
}

export const webhooksHandlers: Partial<Record<OperationId, Handler>> = {
  listWebhooks,
  createWebhook,
  getWebhook: (context) => ({ status: 200, body: webhookById(streamServer(context), context) }),
  editWebhook,
  deleteWebhook,
};
