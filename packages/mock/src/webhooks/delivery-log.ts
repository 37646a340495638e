// The record of every webhook attempt, as the mock's own API serves it (api/openapi.yaml,
// WebhookDelivery). Bounded: the oldest attempts go first.
import type { EmulatorEvent } from "../core/events.js";

export type RecordType = EmulatorEvent["type"];

export type DeliveryOutcome = "delivered" | "failed" | "retrying" | "gave-up";

export interface WebhookDelivery {
  ID: number;
  ServerID: number;
  MessageID: string | null;
  RecordType: RecordType;
  /** the receiver's URL without the credentials it carried */
  Url: string;
  /** 1 for the first try, then each retry */
  Attempt: number;
  /** when the attempt started, as Postmark writes timestamps */
  At: string;
  Outcome: DeliveryOutcome;
  Status: number | null;
  Error: string | null;
  DurationMs: number;
  /** the first kilobyte of the receiver's answer */
  ResponseBody: string | null;
  NextAttemptAt: string | null;
}

export interface DeliveryFilter {
  messageId?: string;
  serverId?: number;
  recordType?: string;
}

export interface DeliveryLog {
  add(entry: Omit<WebhookDelivery, "ID">): WebhookDelivery;
  /** newest first */
  list(filter?: DeliveryFilter): WebhookDelivery[];
  clear(): void;
}

export function createDeliveryLog(limit: number): DeliveryLog {
  let entries: WebhookDelivery[] = [];
  let nextId = 1;
  return {
    add(entry) {
      const delivery: WebhookDelivery = { ID: nextId++, ...entry };
      entries.push(delivery);
      // Trimmed a tenth at a time, so a full log does not copy itself on every attempt.
      if (entries.length >= limit + Math.ceil(limit / 10)) entries = entries.slice(entries.length - limit);
      return delivery;
    },
    list(filter = {}) {
      const matches = entries.slice(-limit).filter(
        (entry) =>
          (filter.messageId === undefined || entry.MessageID === filter.messageId) &&
          (filter.serverId === undefined || entry.ServerID === filter.serverId) &&
          (filter.recordType === undefined || entry.RecordType === filter.recordType),
      );
      return matches.reverse().map((entry) => ({ ...entry }));
    },
    clear() {
      entries = [];
    },
  };
}
