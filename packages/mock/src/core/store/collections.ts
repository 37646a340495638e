// Every kind of record the local Postmark keeps, declared once: its key, the server it belongs to,
// its time, and the indexes the core finds it by. Engines read these definitions to lay out their
// storage; the core reads them to know what a server holds (a reset forgets the `mail` kinds, a
// deleted server everything it holds). Records use the spec's own types wherever the API returns
// them as they are stored.
import type { OutgoingMessage } from "../mail/types.js";
import { outboundDocument, type sourceFieldNames } from "../outbound-source.js";
import type { Schemas } from "../types.js";
import type { IndexValue } from "./store.js";

export interface StoredAttachment {
  Name: string;
  Content: string;
  ContentType: string;
  ContentID?: string;
}

/** A server of the account. `usedAt` is when a request last named it (for retention). */
export interface ServerRecord {
  server: Schemas["Server"];
  createdAt: number;
  /** when a request last named it, to the hour (absent until then); for dropping idle servers */
  usedAt?: number;
}

/** A stored sent message's details, without its events (kept apart from the details, see `OutboundRecord.events`). */
export type SentDetails = Omit<Schemas["OutboundMessageDetails"], "MessageEvents">;

/** An event recorded as the message was sent (a delivery, or a bounce at once), kept in the message's own record. */
export type SendEvent = Omit<MessageEventRecord, "serverId" | "messageId">;

/** A message a server accepted for sending, with what the API and the inbox show of it. */
export interface OutboundRecord {
  serverId: number;
  /** what the API returns, but its events; its `Body` is the RFC 5322 source the dump returns */
  details: SentDetails;
  attachments: StoredAttachment[];
  /** accepted at, in milliseconds */
  at: number;
  /**
   * The events of the send itself, oldest first (absent when there were none). Later events
   * (opens, clicks, bounces reported afterwards) are `messageEvents` records: a send then stores
   * one record, not one more per recipient.
   */
  events?: SendEvent[];
  /**
   * What its raw source is built from besides its details and attachments, for a message sent
   * through the API; absent when the source is kept as it came (over SMTP), in `details.Body`.
   */
  source?: SourceFields;
}

/** The fields of a sent message, as given, that its raw source needs and its details do not hold. */
export type SourceFields = Pick<OutgoingMessage, (typeof sourceFieldNames)[number]>;

/** One event of a sent message (Delivered, Bounced, Opened, …), as its details list them. */
export interface MessageEventRecord {
  id: string;
  serverId: number;
  messageId: string;
  event: Schemas["MessageEvent"];
  at: number;
}

export interface InboundRecord {
  serverId: number;
  details: Schemas["InboundMessageDetails"];
  /** received at, in milliseconds */
  at: number;
  /** the attached files with their content, for the inbound webhook (the API lists them without it) */
  attachments: StoredAttachment[];
}

export interface BounceRecord {
  serverId: number;
  bounce: Schemas["Bounce"];
  at: number;
}

export interface OpenRecord {
  id: string;
  serverId: number;
  open: Schemas["OpenEvent"];
  at: number;
}

export interface ClickRecord {
  id: string;
  serverId: number;
  click: Schemas["ClickEvent"];
  at: number;
}

export interface SuppressionRecord {
  serverId: number;
  /** the stream's ID, lower case */
  stream: string;
  suppression: Schemas["Suppression"];
  at: number;
}

export interface StreamRecord {
  stream: Schemas["MessageStream"];
  at: number;
}

export interface TemplateRecord {
  template: Schemas["Template"];
  /** when it was created, in milliseconds */
  at: number;
}

export interface WebhookRecord {
  serverId: number;
  webhook: Schemas["Webhook"];
}

export interface InboundRuleRecord {
  serverId: number;
  rule: Schemas["InboundRule"];
}

/**
 * An SMTP token of a server: an access key (the SMTP user name) and a secret key (the password),
 * bound to one message stream, as Postmark issues them per stream.
 */
export interface SmtpTokenRecord {
  serverId: number;
  /** the stream's ID, as the stream has it */
  stream: string;
  accessKey: string;
  secretKey: string;
  /** created at, in milliseconds */
  createdAt: number;
}

export interface BulkRecord {
  serverId: number;
  status: Schemas["BulkEmailStatusResponse"];
  at: number;
}

/**
 * How a collection is laid out:
 * - `key`: unique among its records;
 * - `scope`: the server a record belongs to (none for the account's own records);
 * - `at`: its time, for ordering and date bounds (records without one keep the order they were stored in);
 * - `indexes`: what queries may filter on, each giving one value per record, or several for those
 *   listed in `many`;
 * - `holds`: "mail" for what a server's reset forgets, "setup" for what a reset keeps.
 */
export interface CollectionDefinition<T, Index extends string = string> {
  key(record: T): string | number;
  scope?(record: T): number;
  at?(record: T): number;
  indexes: { readonly [Name in Index]: (record: T) => IndexValue | readonly IndexValue[] | null | undefined };
  /** indexes that give several values per record (recipients, tokens, metadata pairs) */
  many?: readonly NoInfer<Index>[];
  /** indexes queried for one value at a time (an ID, an address): engines keep them for lookups */
  lookups?: readonly NoInfer<Index>[];
  /**
   * single-value indexes with few distinct values that searches filter and count by (a stream, a
   * status, a tag): an engine that counts slowly may keep a count per server and value
   */
  counted?: readonly NoInfer<Index>[];
  /** single-value indexes searched for a part of their text (a subject): an engine may keep a text index of them */
  texts?: readonly NoInfer<Index>[];
  holds: "account" | "setup" | "mail";
  /**
   * For engines that write records out as JSON: what to write for a record, and the record again
   * from what was written (for a part that is built from the rest, and need not be kept).
   */
  document?: { write(record: T): unknown; read(document: unknown): T };
}

/** A record as an engine that keeps JSON writes it (through the collection's `document`, when it has one). */
export function documentText<T>(definition: CollectionDefinition<T, string>, record: T): string {
  return JSON.stringify(definition.document ? definition.document.write(record) : record);
}

/** The record again from what `documentText` wrote. */
export function recordOfDocument<T>(definition: CollectionDefinition<T, string>, text: string): T {
  const parsed: unknown = JSON.parse(text);
  return definition.document ? definition.document.read(parsed) : (parsed as T);
}

/** The record of a database row whose `doc` column holds what `documentText` wrote (both SQL engines name it so). */
export const recordOfRow = <T>(definition: CollectionDefinition<T, string>, row: Record<string, unknown>): T => recordOfDocument(definition, row["doc"] as string);

function define<T>() {
  return <Index extends string>(definition: CollectionDefinition<T, Index>) => definition;
}

const lower = (text: string | null | undefined) => (text ?? "").toLowerCase();
const time = (timestamp: string | null | undefined) => {
  const at = Date.parse(timestamp ?? "");
  return Number.isNaN(at) ? 0 : at;
};

/** What opens and clicks are searched by: who read the message, with what, and where. */
function readerIndexes<T>(read: (record: T) => Schemas["OpenEvent"] | Schemas["ClickEvent"]) {
  return {
    messageId: (record: T) => lower(read(record).MessageID),
    recipient: (record: T) => read(record).Recipient,
    tag: (record: T) => read(record).Tag ?? "",
    stream: (record: T) => read(record).MessageStream ?? "outbound",
    clientName: (record: T) => read(record).Client.Name ?? "",
    clientCompany: (record: T) => read(record).Client.Company ?? "",
    clientFamily: (record: T) => read(record).Client.Family ?? "",
    osName: (record: T) => read(record).OS.Name ?? "",
    osFamily: (record: T) => read(record).OS.Family ?? "",
    osCompany: (record: T) => read(record).OS.Company ?? "",
    platform: (record: T) => read(record).Platform,
    country: (record: T) => read(record).Geo.Country ?? "",
    region: (record: T) => read(record).Geo.Region ?? "",
    city: (record: T) => read(record).Geo.City ?? "",
  };
}

export const collections = {
  servers: define<ServerRecord>()({
    key: (record) => record.server.ID,
    at: (record) => record.createdAt,
    indexes: {
      token: (record) => record.server.ApiTokens,
      name: (record) => record.server.Name,
      inboundDomain: (record) => record.server.InboundDomain || null,
      inboundHash: (record) => record.server.InboundHash,
    },
    many: ["token"],
    lookups: ["token", "name", "inboundDomain", "inboundHash"],
    holds: "account",
  }),
  streams: define<StreamRecord>()({
    key: (record) => `${record.stream.ServerID}/${record.stream.ID}`,
    scope: (record) => record.stream.ServerID,
    at: (record) => record.at,
    indexes: { type: (record) => record.stream.MessageStreamType },
    holds: "setup",
  }),
  templates: define<TemplateRecord>()({
    key: (record) => record.template.TemplateId,
    scope: (record) => record.template.AssociatedServerId,
    at: (record) => record.at,
    indexes: {
      alias: (record) => record.template.Alias,
      active: (record) => record.template.Active,
      type: (record) => record.template.TemplateType,
      layout: (record) => record.template.LayoutTemplate,
    },
    lookups: ["alias"],
    holds: "setup",
  }),
  webhooks: define<WebhookRecord>()({
    key: (record) => record.webhook.ID,
    scope: (record) => record.serverId,
    indexes: { stream: (record) => record.webhook.MessageStream },
    holds: "setup",
  }),
  inboundRules: define<InboundRuleRecord>()({
    key: (record) => record.rule.ID,
    scope: (record) => record.serverId,
    indexes: { rule: (record) => record.rule.Rule },
    holds: "setup",
  }),
  outbound: define<OutboundRecord>()({
    key: (record) => lower(record.details.MessageID),
    scope: (record) => record.serverId,
    at: (record) => record.at,
    indexes: {
      stream: (record) => record.details.MessageStream,
      recipient: (record) => record.details.Recipients,
      recipientOrName: (record) => [...record.details.To, ...record.details.Cc, ...record.details.Bcc].map((recipient) => `${recipient.Name ?? ""} <${recipient.Email}>`),
      from: (record) => record.details.From,
      subject: (record) => record.details.Subject,
      tag: (record) => record.details.Tag ?? "",
      status: (record) => record.details.Status,
      /** `key=value`, both as sent */
      metadata: (record) => Object.entries(record.details.Metadata ?? {}).map(([key, value]) => `${key}=${value}`),
    },
    many: ["recipient", "recipientOrName", "metadata"],
    counted: ["stream", "tag", "status"],
    texts: ["subject"],
    holds: "mail",
    document: outboundDocument,
  }),
  messageEvents: define<MessageEventRecord>()({
    key: (record) => record.id,
    scope: (record) => record.serverId,
    at: (record) => record.at,
    indexes: { messageId: (record) => record.messageId },
    lookups: ["messageId"],
    holds: "mail",
  }),
  inbound: define<InboundRecord>()({
    key: (record) => lower(record.details.MessageID),
    scope: (record) => record.serverId,
    at: (record) => record.at,
    indexes: {
      stream: (record) => record.details.MessageStream ?? "",
      /** every address it was sent to: To, Cc, Bcc and the original recipient */
      recipientAddress: (record) => [
        ...[...record.details.ToFull, ...(record.details.CcFull ?? []), ...(record.details.BccFull ?? [])].map((address) => address.Email),
        record.details.OriginalRecipient,
      ],
      from: (record) => record.details.From,
      subject: (record) => record.details.Subject,
      mailboxHash: (record) => record.details.MailboxHash ?? "",
      tag: (record) => record.details.Tag ?? "",
      status: (record) => record.details.Status,
    },
    many: ["recipientAddress"],
    counted: ["stream", "tag", "status"],
    texts: ["subject"],
    holds: "mail",
  }),
  bounces: define<BounceRecord>()({
    key: (record) => record.bounce.ID,
    scope: (record) => record.serverId,
    at: (record) => record.at,
    indexes: {
      messageId: (record) => lower(record.bounce.MessageID),
      email: (record) => record.bounce.Email,
      type: (record) => record.bounce.Type,
      inactive: (record) => record.bounce.Inactive,
      tag: (record) => record.bounce.Tag ?? "",
      stream: (record) => record.bounce.MessageStream ?? "outbound",
    },
    lookups: ["messageId", "email"],
    holds: "mail",
  }),
  opens: define<OpenRecord>()({
    key: (record) => record.id,
    scope: (record) => record.serverId,
    at: (record) => record.at,
    indexes: readerIndexes<OpenRecord>((record) => record.open),
    lookups: ["messageId"],
    holds: "mail",
  }),
  clicks: define<ClickRecord>()({
    key: (record) => record.id,
    scope: (record) => record.serverId,
    at: (record) => record.at,
    indexes: readerIndexes<ClickRecord>((record) => record.click),
    lookups: ["messageId"],
    holds: "mail",
  }),
  suppressions: define<SuppressionRecord>()({
    key: (record) => suppressionKey(record.serverId, record.stream, record.suppression.EmailAddress),
    scope: (record) => record.serverId,
    at: (record) => record.at,
    indexes: {
      stream: (record) => record.stream,
      email: (record) => record.suppression.EmailAddress,
      reason: (record) => record.suppression.SuppressionReason,
      origin: (record) => record.suppression.Origin,
    },
    holds: "mail",
  }),
  smtpTokens: define<SmtpTokenRecord>()({
    key: (record) => record.accessKey,
    scope: (record) => record.serverId,
    at: (record) => record.createdAt,
    indexes: { stream: (record) => record.stream },
    holds: "setup",
  }),
  bulkRequests: define<BulkRecord>()({
    key: (record) => lower(record.status.Id),
    scope: (record) => record.serverId,
    at: (record) => record.at,
    indexes: {},
    holds: "mail",
  }),
  domains: define<Schemas["DomainDetails"]>()({
    key: (record) => record.ID,
    indexes: { name: (record) => record.Name },
    lookups: ["name"],
    holds: "account",
  }),
  senders: define<Schemas["SenderSignatureDetails"]>()({
    key: (record) => record.ID,
    indexes: { email: (record) => record.EmailAddress, domain: (record) => record.Domain },
    lookups: ["email"],
    holds: "account",
  }),
  dataRemovals: define<Schemas["DataRemovalStatus"]>()({
    key: (record) => record.ID,
    indexes: {},
    holds: "account",
  }),
};

export type CollectionName = keyof typeof collections;
export type RecordOf<Name extends CollectionName> = (typeof collections)[Name] extends CollectionDefinition<infer T, string> ? T : never;
export type IndexOf<Name extends CollectionName> = (typeof collections)[Name] extends CollectionDefinition<never, infer Index> ? Index : never;

export const collectionNames = Object.keys(collections) as CollectionName[];

/** A suppression's key: one per address and stream of a server. */
export function suppressionKey(serverId: number, stream: string, email: string): string {
  return `${serverId}/${stream.trim().toLowerCase()}/${email.trim().toLowerCase()}`;
}

/** Times as Postmark writes them, in milliseconds (0 when unreadable). */
export { time as timeOf };
