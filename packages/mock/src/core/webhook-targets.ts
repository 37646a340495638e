// Where an event is posted, and what: the webhooks of its stream whose trigger is on, and the
// server's own hook URLs. Postmark keeps the server-level hook URLs (BounceHookUrl,
// DeliveryHookUrl, …) as the webhooks of the default transactional stream, so they apply to events
// of the `outbound` stream only, and the bounce hook also receives spam complaints. The same URL
// configured both ways gets one post, made with the stream webhook's credentials and headers.
// Worked out in the unit of work that records the event, from what it sees, so posting needs no
// access to the state.
import type { EmulatorEvent, HookKind, WebhookPost } from "./events.js";
import type { Transaction } from "./store/store.js";
import type { Schemas } from "./types.js";

/** The default transactional stream, which the server-level hook URLs belong to. */
const defaultTransactionalStream = "outbound";

export interface HookTarget {
  /** as configured; it may carry credentials (`https://user:pass@host/path`) */
  url: string;
  auth: Schemas["HttpAuth"] | null;
  headers: NonNullable<Schemas["Webhook"]["HttpHeaders"]>;
  /** Bounce and SpamComplaint only: whether the payload carries the bounce message in `Content` */
  includeContent: boolean;
  kind: HookKind;
}

type OutboundEvent = Exclude<EmulatorEvent, { type: "Inbound" }>;

/** Every URL the event is posted to, each once. */
export async function targetsFor(tx: Transaction, event: EmulatorEvent): Promise<HookTarget[]> {
  const server = (await tx.servers.get(event.serverId))?.server;
  if (!server) return [];
  if (event.type === "Inbound") return unique(serverHook(server.InboundHookUrl, "inbound", false));
  // Bounces of type SMTPApiError are posted only to servers that turned them on (EnableSmtpApiErrorHooks).
  if (event.type === "Bounce" && event.payload.Type === "SMTPApiError" && !server.EnableSmtpApiErrorHooks) return [];
  const webhooks = (await tx.webhooks.find({ scope: event.serverId, where: { stream: event.messageStream }, order: "oldest" })).map((record) => record.webhook);
  const targets = [...streamWebhooks(webhooks, event), ...(event.messageStream === defaultTransactionalStream ? serverHooks(server, event) : [])];
  return targets.length > 1 ? unique(targets) : targets;
}

/** Each post an event gives rise to: the target, and the body posted to it. */
export async function postsFor(tx: Transaction, event: EmulatorEvent): Promise<WebhookPost[]> {
  return (await targetsFor(tx, event)).map((target) => ({ url: target.url, auth: target.auth, headers: target.headers, kind: target.kind, payload: payloadFor(event, target) }));
}

/** The body posted for an event to one target: bounce payloads carry `Content` only when the target asks for it. */
function payloadFor(event: EmulatorEvent, target: HookTarget): EmulatorEvent["payload"] {
  if (event.type !== "Bounce" && event.type !== "SpamComplaint") return event.payload;
  const { Content: content, ...withoutContent } = event.payload;
  return target.includeContent && typeof content === "string" ? { ...withoutContent, Content: content } : withoutContent;
}

function streamWebhooks(webhooks: Schemas["Webhook"][], event: OutboundEvent): HookTarget[] {
  return webhooks
    .filter((webhook) => triggerWants(webhook.Triggers, event))
    .map((webhook) => ({
      url: webhook.Url,
      auth: webhook.HttpAuth ?? null,
      headers: webhook.HttpHeaders ?? [],
      includeContent: contentWanted(webhook.Triggers, event),
      kind: "outbound" as const,
    }));
}

function triggerWants(triggers: Schemas["WebhookTriggers"], event: OutboundEvent): boolean {
  if (event.type === "Open") return triggers.Open.Enabled && (!triggers.Open.PostFirstOpenOnly || event.payload.FirstOpen);
  return triggers[event.type].Enabled;
}

function contentWanted(triggers: Schemas["WebhookTriggers"], event: OutboundEvent): boolean {
  if (event.type === "Bounce") return triggers.Bounce.IncludeContent ?? false;
  if (event.type === "SpamComplaint") return triggers.SpamComplaint.IncludeContent ?? false;
  return false;
}

function serverHooks(settings: Schemas["Server"], event: OutboundEvent): HookTarget[] {
  switch (event.type) {
    case "Delivery":
      return serverHook(settings.DeliveryHookUrl, "outbound", false);
    case "Bounce":
    case "SpamComplaint":
      return serverHook(settings.BounceHookUrl, "outbound", settings.IncludeBounceContentInHook);
    case "Open":
      return settings.PostFirstOpenOnly && !event.payload.FirstOpen ? [] : serverHook(settings.OpenHookUrl, "outbound", false);
    case "Click":
      return serverHook(settings.ClickHookUrl, "outbound", false);
    case "SubscriptionChange":
      return [];
  }
}

function serverHook(url: string | null | undefined, kind: HookKind, includeContent: boolean): HookTarget[] {
  return url ? [{ url, auth: null, headers: [], includeContent, kind }] : [];
}

/** The first target of each URL stands (stream webhooks come first). */
function unique(targets: HookTarget[]): HookTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => {
    const key = sameUrlKey(target.url);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sameUrlKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.href;
  } catch {
    return url;
  }
}
