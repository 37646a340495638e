// A sent message's raw source (its details' `Body`) is built from the stored record when first
// read: most messages are never dumped. An engine that writes records out as JSON keeps what the
// source is built from, not the source, and gives the record back with the same `Body`, byte for
// byte. A source that came as it is (a message sent over SMTP) is kept as it came.
import { buildMimeSource, type OutgoingMessage } from "./mail/index.js";
import type { OutboundRecord, SourceFields } from "./store/collections.js";

const sourceOf = Symbol("the message's source, built when first read");

/** `Body`'s getter, one for every stored message, so that their details share one shape. */
function readSource(this: { [sourceOf]: () => string }): string {
  return this[sourceOf]();
}
const bodyProperty: PropertyDescriptor = { get: readSource, enumerable: true, configurable: true };

/**
 * Gives details a `Body` that builds the source when first read. A getter written in each
 * record's literal would be a function of its own, which leaves each record an object of its own
 * shape (a dictionary): slower to read, and larger for the collector to copy.
 */
export function withSourceOnDemand(details: OutboundRecord["details"], source: () => string): void {
  Object.defineProperty(details, "Body", bodyProperty);
  Object.defineProperty(details, sourceOf, { value: source });
}

/** The fields of a message its source needs that its record's details do not hold. */
export const sourceFieldNames = ["To", "Cc", "ReplyTo", "Headers"] as const;

/** The source fields a message has (those it was sent with). */
export function sourceFieldsOf(message: OutgoingMessage): SourceFields {
  const fields: Record<string, unknown> = {};
  for (const name of sourceFieldNames) if (message[name] !== undefined) fields[name] = message[name];
  return fields as SourceFields;
}

/** The message as the source needs it: the record's details and attachments, and its address fields as sent. */
function messageOf(record: OutboundRecord, fields: SourceFields): OutgoingMessage {
  const { details } = record;
  return {
    From: details.From,
    ...fields,
    Subject: details.Subject,
    ...(details.Tag ? { Tag: details.Tag } : {}),
    Metadata: details.Metadata ?? {},
    ...(details.TextBody ? { TextBody: details.TextBody } : {}),
    ...(details.HtmlBody ? { HtmlBody: details.HtmlBody } : {}),
    Attachments: record.attachments,
  };
}

/** Gives a record whose source is built (one with `source`) its `Body`, built when first read; returns the record. */
export function withBuiltSource(record: OutboundRecord): OutboundRecord {
  const fields = record.source;
  if (!fields) return record;
  let source: string | undefined;
  withSourceOnDemand(record.details, () => (source ??= buildMimeSource(messageOf(record, fields), { messageId: record.details.MessageID, date: new Date(record.at) })));
  return record;
}

/** How engines that write records out as JSON keep sent messages: without a source they can build again. */
export const outboundDocument = {
  write(record: OutboundRecord): unknown {
    if (!record.source) return record;
    // Every field of the details but `Body`, whose getter is not called.
    const details: Record<string, unknown> = {};
    for (const key of Object.keys(record.details)) if (key !== "Body") details[key] = record.details[key as keyof OutboundRecord["details"]];
    return { ...record, details };
  },
  read: (document: unknown): OutboundRecord => withBuiltSource(document as OutboundRecord),
};
