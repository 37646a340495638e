// The emulator's state: plain data, so it can be kept in memory, written to disk as JSON and read
// back. One account holds servers; each server holds its streams, messages, templates and the
// rest. Records use the spec's types wherever the API returns them as they are stored.
import type { Schemas } from "./types.js";

export const stateVersion = 1;

export interface State {
  version: typeof stateVersion;
  /** the next id to hand out, per kind of record */
  ids: Record<string, number>;
  /** by server ID */
  servers: Record<string, ServerState>;
  /** server token → server ID */
  tokens: Record<string, number>;
  domains: Schemas["DomainDetails"][];
  senders: Schemas["SenderSignatureDetails"][];
  dataRemovals: Schemas["DataRemovalStatus"][];
}

export interface StoredAttachment {
  Name: string;
  Content: string;
  ContentType: string;
  ContentID?: string;
}

/** A message the server accepted for sending, with what the API and the inbox show of it. */
export interface OutboundRecord {
  /** what the API returns; its `Body` is the RFC 5322 source the dump returns */
  details: Schemas["OutboundMessageDetails"];
  attachments: StoredAttachment[];
  /** accepted at, in milliseconds (for filters and ordering) */
  at: number;
}

export interface InboundRecord {
  details: Schemas["InboundMessageDetails"];
  /** received at, in milliseconds (for filters and ordering) */
  at: number;
  /** the attached files with their content, for the inbound webhook (the API lists them without it) */
  attachments?: StoredAttachment[];
}

export interface TemplateRecord {
  template: Schemas["Template"];
  /** when it was created, in milliseconds */
  at: number;
}

export interface BulkRecord {
  status: Schemas["BulkEmailStatusResponse"];
  at: number;
}

export interface ServerState {
  server: Schemas["Server"];
  streams: Schemas["MessageStream"][];
  /** oldest first */
  outbound: OutboundRecord[];
  inbound: InboundRecord[];
  bounces: Schemas["Bounce"][];
  /** by stream ID */
  suppressions: Record<string, Schemas["Suppression"][]>;
  templates: TemplateRecord[];
  webhooks: Schemas["Webhook"][];
  inboundRules: Schemas["InboundRule"][];
  opens: Schemas["OpenEvent"][];
  clicks: Schemas["ClickEvent"][];
  bulkRequests: BulkRecord[];
}

export function emptyState(): State {
  return { version: stateVersion, ids: {}, servers: {}, tokens: {}, domains: [], senders: [], dataRemovals: [] };
}

/** A server as Postmark creates it: default settings, one token, and its default streams. */
export function newServerState(init: { id: number; name: string; token: string; createdAt: string; inboundHash: string }): ServerState {
  const { id, name, token, createdAt, inboundHash } = init;
  const stream = (ID: string, Name: string, MessageStreamType: Schemas["MessageStream"]["MessageStreamType"], Description: string): Schemas["MessageStream"] => ({
    ID,
    ServerID: id,
    Name,
    Description,
    MessageStreamType,
    CreatedAt: createdAt,
    UpdatedAt: null,
    ArchivedAt: null,
    ExpectedPurgeDate: null,
    SubscriptionManagementConfiguration: { UnsubscribeHandlingType: MessageStreamType === "Broadcasts" ? "Postmark" : "None" },
  });
  return {
    server: {
      ID: id,
      Name: name,
      ApiTokens: [token],
      Color: "blue",
      SmtpApiActivated: true,
      RawEmailEnabled: false,
      DeliveryType: "Live",
      ServerLink: `https://account.postmarkapp.com/servers/${id}/streams`,
      InboundAddress: `${inboundHash}@inbound.postmarkapp.com`,
      InboundHookUrl: "",
      BounceHookUrl: "",
      OpenHookUrl: "",
      DeliveryHookUrl: "",
      PostFirstOpenOnly: false,
      InboundDomain: "",
      InboundHash: inboundHash,
      InboundSpamThreshold: 0,
      TrackOpens: false,
      TrackLinks: "None",
      IncludeBounceContentInHook: false,
      ClickHookUrl: "",
      EnableSmtpApiErrorHooks: false,
    },
    streams: [
      stream("outbound", "Default Transactional Stream", "Transactional", "Default transactional stream"),
      stream("inbound", "Default Inbound Stream", "Inbound", "Default inbound stream"),
      stream("broadcast", "Default Broadcast Stream", "Broadcasts", "Default broadcast stream"),
    ],
    outbound: [],
    inbound: [],
    bounces: [],
    suppressions: {},
    templates: [],
    webhooks: [],
    inboundRules: [],
    opens: [],
    clicks: [],
    bulkRequests: [],
  };
}
