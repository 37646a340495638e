// The webhook delivery log the mock API serves. The webhook sender keeps it; the mock API only
// reads it (and clears it when everything is reset), so either side can change without the other.
import type { MockApiSchemas } from "./types.js";

export type WebhookDelivery = MockApiSchemas["WebhookDelivery"];

export interface DeliveryFilter {
  messageId?: string;
  serverId?: number;
  recordType?: string;
}

export interface DeliveryLog {
  /** the attempts that match every given filter, newest first */
  list(filter: DeliveryFilter): WebhookDelivery[];
  /** forgets every attempt (on a full reset); a log that cannot forget leaves this out */
  clear?(): void;
}

/** The log of a mock that posts no webhooks. */
export const emptyDeliveryLog: DeliveryLog = { list: () => [] };
