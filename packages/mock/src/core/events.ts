// Events the emulator records as they happen: they feed message events, webhooks and the mock's
// own API. Each carries the server and stream it belongs to and the webhook payload Postmark
// would post for it.
import type { Schemas } from "./types.js";

export type EmulatorEvent =
  | { type: "Delivery"; serverId: number; messageStream: string; messageId: string; payload: Schemas["DeliveryWebhookPayload"] }
  | { type: "Bounce"; serverId: number; messageStream: string; messageId: string; payload: Schemas["BounceWebhookPayload"] }
  | { type: "SpamComplaint"; serverId: number; messageStream: string; messageId: string; payload: Schemas["SpamComplaintWebhookPayload"] }
  | { type: "Open"; serverId: number; messageStream: string; messageId: string; payload: Schemas["OpenWebhookPayload"] }
  | { type: "Click"; serverId: number; messageStream: string; messageId: string; payload: Schemas["ClickWebhookPayload"] }
  | { type: "SubscriptionChange"; serverId: number; messageStream: string; messageId: string; payload: Schemas["SubscriptionChangeWebhookPayload"] }
  | { type: "Inbound"; serverId: number; messageStream: string; messageId: string; payload: Schemas["InboundWebhookPayload"] };

/** Which retry schedule a post follows: Postmark's outbound webhooks', or its inbound hook's. */
export type HookKind = "outbound" | "inbound";

/** One post an event gives rise to: where, with which credentials and headers, and the body. */
export interface WebhookPost {
  /** as configured; it may carry credentials (`https://user:pass@host/path`) */
  url: string;
  auth: Schemas["HttpAuth"] | null;
  headers: NonNullable<Schemas["Webhook"]["HttpHeaders"]>;
  kind: HookKind;
  payload: EmulatorEvent["payload"];
}

/** An event as published once its unit of work is committed: the posts it needs are worked out. */
export interface PublishedEvent {
  event: EmulatorEvent;
  posts: WebhookPost[];
}
