// Sent messages as everyone reads them: one by ID with its events, the searches (Postmark's
// outbound search, the mock API's list, the test helpers' filters all come down to one query), and
// deleting one with every record that belongs to it.
import { keepNewest, retention } from "./retention.js";
import type { IndexOf, MessageEventRecord, OutboundRecord } from "./store/collections.js";
import type { Condition, Page, Query, Transaction } from "./store/store.js";
import type { Schemas } from "./types.js";

/** A sent message with its events, as `getOutboundMessageDetails` returns it, and where it is kept. */
export interface SentMessageRecord {
  serverId: number;
  details: Schemas["OutboundMessageDetails"];
  attachments: OutboundRecord["attachments"];
  /** accepted at, in milliseconds */
  at: number;
}

/**
 * What a search of sent messages may ask. Text filters match without regard to case: `recipient`,
 * `from` and `subject` match a part of the field, `tag`, `status` and `stream` the whole of it, and
 * `metadata` needs every pair; `text` matches a part of the sender, a recipient, the subject or the tag.
 */
export interface MessageSearch {
  server?: number;
  stream?: string;
  /** a part of a recipient's address */
  recipient?: string;
  /** a part of a recipient as `Name <address>` */
  recipientOrName?: string;
  from?: string;
  subject?: string;
  tag?: string;
  status?: string;
  metadata?: readonly (readonly [string, string])[];
  /** accepted at or after, at or before (milliseconds) */
  fromTime?: number;
  toTime?: number;
  text?: string;
}

type OutboundIndex = "stream" | "recipient" | "recipientOrName" | "from" | "subject" | "tag" | "status" | "metadata";

export function messageQuery(search: MessageSearch): Query<OutboundIndex> {
  const where: { [Name in OutboundIndex]?: Condition } = {};
  if (search.stream !== undefined) where.stream = search.stream;
  if (search.recipient !== undefined) where.recipient = { contains: search.recipient };
  if (search.recipientOrName !== undefined) where.recipientOrName = { contains: search.recipientOrName };
  if (search.from !== undefined) where.from = { contains: search.from };
  if (search.subject !== undefined) where.subject = { contains: search.subject };
  if (search.tag !== undefined) where.tag = search.tag;
  if (search.status !== undefined) where.status = search.status;
  if (search.metadata && search.metadata.length > 0) where.metadata = { all: search.metadata.map(([key, value]) => `${key}=${value}`) };
  return {
    ...(search.server !== undefined ? { scope: search.server } : {}),
    where,
    ...(search.fromTime !== undefined || search.toTime !== undefined ? { at: { from: search.fromTime, to: search.toTime } } : {}),
  };
}

/** The stored messages that match, newest first: one page, and how many match in all. */
export async function searchMessages(tx: Transaction, search: MessageSearch, page: { offset?: number; limit?: number } = {}): Promise<Page<OutboundRecord>> {
  const query = { ...messageQuery(search), ...page };
  if (search.text === undefined) return tx.outbound.page(query);
  // Free text reaches across fields, which no single index holds: filter what the indexes leave.
  const all = await tx.outbound.find(messageQuery(search));
  const text = search.text.trim().toLowerCase();
  const found = all.filter(({ details }) =>
    [details.From, details.Subject, details.Tag ?? "", ...recipientsOf(details).map(recipientText)].some((field) => field.toLowerCase().includes(text)),
  );
  const offset = page.offset ?? 0;
  return { total: found.length, items: found.slice(offset, page.limit === undefined ? undefined : offset + page.limit) };
}

/** A recipient as the mock API's filters read it: `Name <address>`. */
export function recipientText(recipient: Schemas["EmailRecipient"]): string {
  return `${recipient.Name ?? ""} <${recipient.Email}>`;
}

export function recipientsOf(details: Pick<Schemas["OutboundMessageDetails"], "To" | "Cc" | "Bcc">): Schemas["EmailRecipient"][] {
  return [...details.To, ...details.Cc, ...details.Bcc];
}

/** A stored message by ID (any case), on one server or on any. */
export async function findStoredMessage(tx: Transaction, messageId: string, serverId?: number): Promise<OutboundRecord | undefined> {
  const record = await tx.outbound.get(messageId.trim().toLowerCase());
  return record && (serverId === undefined || record.serverId === serverId) ? record : undefined;
}

/** The message's events, oldest first: those of its send, then the later ones, by time. */
export async function eventsOf(tx: Transaction, record: Pick<OutboundRecord, "details" | "events">): Promise<Schemas["MessageEvent"][]> {
  const later = await tx.messageEvents.find({ where: { messageId: record.details.MessageID.toLowerCase() }, order: "oldest" });
  const all: { event: Schemas["MessageEvent"]; at: number }[] = [...(record.events ?? []), ...later];
  // A stable sort: of events at the same time, the send's come first, as they were recorded first.
  return all.sort((a, b) => a.at - b.at).map(({ event }) => event);
}

/** A stored message with its events. */
export async function withEvents(tx: Transaction, record: OutboundRecord): Promise<SentMessageRecord> {
  return { serverId: record.serverId, details: { ...record.details, MessageEvents: await eventsOf(tx, record) }, attachments: record.attachments, at: record.at };
}

/** Messages being stored: the events of their send go into their own record (see `storeWithSendEvents`). */
const beingStored = new WeakSet<object>();

/**
 * Stores a new message with the events its send records (`send` delivers or bounces it): they go
 * into the message's own record, so that storing a message writes one record, not one more per
 * recipient.
 */
export async function storeWithSendEvents(tx: Transaction, record: OutboundRecord, send: () => Promise<void>): Promise<void> {
  beingStored.add(record);
  try {
    await send();
  } finally {
    beingStored.delete(record);
  }
  await tx.outbound.put(record);
}

/**
 * Adds an event to a sent message's details. A message keeps the events of its send; its later
 * events are kept newest first, up to `retention.eventsPerMessage` events in all.
 */
export async function addMessageEvent(tx: Transaction, record: Pick<OutboundRecord, "serverId" | "details" | "events">, event: Schemas["MessageEvent"], id: string, at: number): Promise<void> {
  if (beingStored.has(record)) {
    ((record as OutboundRecord).events ??= []).push({ id, event, at });
    return;
  }
  const messageId = record.details.MessageID.toLowerCase();
  await tx.messageEvents.put({ id, serverId: record.serverId, messageId, event, at } satisfies MessageEventRecord);
  await keepNewest(tx, "messageEvents", { where: { messageId } }, retention.eventsPerMessage - (record.events?.length ?? 0));
}

/**
 * Forgets a sent message (by its key, the lower-cased MessageID) with its events, as the oldest go
 * when a server holds too many. Its bounces, opens and clicks are records of their own and stay,
 * as they do on Postmark.
 */
async function forgetMessage(tx: Transaction, messageId: string): Promise<void> {
  await tx.messageEvents.deleteWhere({ where: { messageId } });
  await tx.outbound.delete(messageId);
}

/** Forgets the sent messages that match, with their events; only their keys are read. */
export async function forgetMessages(tx: Transaction, query: Query<IndexOf<"outbound">>): Promise<void> {
  for (const messageId of await tx.outbound.keys(query)) await forgetMessage(tx, String(messageId));
}

/** Forgets a sent message and every record that belongs to it: its events, bounces, opens and clicks. */
export async function deleteStoredMessage(tx: Transaction, record: OutboundRecord): Promise<void> {
  const messageId = record.details.MessageID.toLowerCase();
  await tx.bounces.deleteWhere({ scope: record.serverId, where: { messageId } });
  await tx.opens.deleteWhere({ where: { messageId } });
  await tx.clicks.deleteWhere({ where: { messageId } });
  await forgetMessage(tx, messageId);
}
