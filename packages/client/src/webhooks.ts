// Parsing the payloads Postmark POSTs to your webhook endpoints into one discriminated union.
import { webhookPayloads } from "./generated/operations.js";
import type { components } from "./generated/schema.js";

type Schemas = components["schemas"];

export type BounceWebhook = Schemas["BounceWebhookPayload"];
export type DeliveryWebhook = Schemas["DeliveryWebhookPayload"];
export type OpenWebhook = Schemas["OpenWebhookPayload"];
export type ClickWebhook = Schemas["ClickWebhookPayload"];
export type SpamComplaintWebhook = Schemas["SpamComplaintWebhookPayload"];
export type SubscriptionChangeWebhook = Schemas["SubscriptionChangeWebhookPayload"];
/** Postmark's inbound payload has no RecordType; `parseWebhook` adds `RecordType: "Inbound"`. */
export type InboundWebhook = Schemas["InboundWebhookPayload"] & { RecordType: "Inbound" };

/** Any webhook payload, told apart by `RecordType`. */
export type WebhookPayload =
  | BounceWebhook
  | DeliveryWebhook
  | OpenWebhook
  | ClickWebhook
  | SpamComplaintWebhook
  | SubscriptionChangeWebhook
  | InboundWebhook;

export type WebhookRecordType = WebhookPayload["RecordType"];

export class WebhookParseError extends Error {
  override name = "WebhookParseError";
}

type PayloadName = keyof typeof webhookPayloads;
const payloadNames = () => Object.keys(webhookPayloads) as PayloadName[];

/**
 * Turns a webhook request body (the raw JSON text or the parsed value) into a typed payload.
 * Checks that it is an object of a known kind with the fields Postmark always sends; throws a
 * WebhookParseError that says what is wrong otherwise.
 */
export function parseWebhook(body: string | unknown): WebhookPayload {
  let value: unknown = body;
  if (typeof body === "string") {
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw new WebhookParseError(`The webhook body is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WebhookParseError(`A webhook body must be a JSON object, not ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
  }
  const payload = value as Record<string, unknown>;
  const name = kindOf(payload);
  const missing = webhookPayloads[name].required.filter((field: string) => !(field in payload));
  if (missing.length > 0) {
    throw new WebhookParseError(`The ${name} webhook payload lacks ${missing.join(", ")}`);
  }
  return (webhookPayloads[name].recordType === null ? { ...payload, RecordType: name } : payload) as WebhookPayload;
}

function kindOf(payload: Record<string, unknown>): PayloadName {
  // Worked out per call rather than at load time, so a bundle without parseWebhook drops the table.
  const withRecordType = new Map<unknown, PayloadName>(payloadNames().filter((name) => webhookPayloads[name].recordType !== null).map((name) => [webhookPayloads[name].recordType, name]));
  const withoutRecordType = payloadNames().filter((name) => webhookPayloads[name].recordType === null);
  if ("RecordType" in payload) {
    const name = withRecordType.get(payload.RecordType);
    if (name) return name;
    if (payload.RecordType === "Inbound" && withoutRecordType.includes("Inbound" as PayloadName)) return "Inbound" as PayloadName;
    const known = [...withRecordType.keys(), ...withoutRecordType].join(", ");
    throw new WebhookParseError(`Unknown webhook RecordType ${JSON.stringify(payload.RecordType)}; expected one of ${known}`);
  }
  // Only inbound payloads come without a RecordType; they always carry FromFull and ToFull.
  const inbound = withoutRecordType.find((name) => webhookPayloads[name].required.every((field: string) => field in payload));
  if (inbound) return inbound;
  throw new WebhookParseError("The webhook body has no RecordType and is not an inbound message payload (it lacks FromFull, ToFull or other inbound fields)");
}
