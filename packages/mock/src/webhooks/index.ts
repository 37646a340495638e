// Webhooks that fire: the dispatcher and the shape of its delivery log.
export { createWebhookDispatcher, defaultWebhookTimeoutMs, webhookDefaults, type WebhookDispatcher, type WebhookDispatcherOptions } from "./dispatcher.js";
export type { DeliveryFilter, DeliveryOutcome, WebhookDelivery } from "./delivery-log.js";
export { retryDelays } from "./schedule.js";
