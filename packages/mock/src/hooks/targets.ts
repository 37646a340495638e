// Where an event is posted: the webhooks of its stream whose trigger is on, and the server's own
// hook URLs. Postmark keeps the server-level hook URLs (BounceHookUrl, DeliveryHookUrl, …) as the
// webhooks of the default transactional stream, so they apply to events of the `outbound` stream
// only, and the bounce hook also receives spam complaints. The same URL configured both ways gets
// one post, made with the stream webhook's credentials and headers.
import type { EmulatorEvent } from "../core/events.js";
import type { ServerState, State } from "../core/state.js";
import type { Schemas } from "../core/types.js";
import type { HookKind } from "./schedule.js";

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
export function targetsFor(state: State, event: EmulatorEvent): HookTarget[] {
  const server = state.servers[event.serverId];
  if (!server) return [];
  if (event.type === "Inbound") return unique(serverHook(server.server.InboundHookUrl, "inbound", false));
  if (!tracked(server, event)) return [];
  return unique([...streamWebhooks(server, event), ...(event.messageStream === defaultTransactionalStream ? serverHooks(server, event) : [])]);
}

/** Opens and clicks are posted only for messages sent with open or link tracking on. */
function tracked(server: ServerState, event: OutboundEvent): boolean {
  if (event.type !== "Open" && event.type !== "Click") return true;
  const message = server.outbound.find((record) => record.details.MessageID === event.messageId)?.details;
  // A message no longer kept (the oldest go first) can no longer be checked; its event still counts.
  if (!message) return true;
  return event.type === "Open" ? message.TrackOpens : (message.TrackLinks ?? "None") !== "None";
}

function streamWebhooks(server: ServerState, event: OutboundEvent): HookTarget[] {
  return server.webhooks
    .filter((webhook) => webhook.MessageStream === event.messageStream)
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

function serverHooks(server: ServerState, event: OutboundEvent): HookTarget[] {
  const settings = server.server;
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
