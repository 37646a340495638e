// The state file of the mock's first releases (`state.json`, version 1): one object per server
// holding arrays of everything, messages with their events inside. Read once and turned into the
// records of the storage API, so a `--data` folder of those releases keeps its mail.
import type { Schemas } from "../types.js";
import type { CollectionName } from "./collections.js";
import type { MemorySnapshot } from "./memory-store.js";

export const legacyStateVersion = 1;

interface LegacyAttachment {
  Name: string;
  Content: string;
  ContentType: string;
  ContentID?: string;
}

interface LegacyServer {
  server: Schemas["Server"];
  streams: Schemas["MessageStream"][];
  outbound: { details: Schemas["OutboundMessageDetails"]; attachments: LegacyAttachment[]; at: number }[];
  inbound: { details: Schemas["InboundMessageDetails"]; at: number; attachments?: LegacyAttachment[] }[];
  bounces: Schemas["Bounce"][];
  suppressions: Record<string, Schemas["Suppression"][]>;
  templates: { template: Schemas["Template"]; at: number }[];
  webhooks: Schemas["Webhook"][];
  inboundRules: Schemas["InboundRule"][];
  opens: Schemas["OpenEvent"][];
  clicks: Schemas["ClickEvent"][];
  bulkRequests: { status: Schemas["BulkEmailStatusResponse"]; at: number }[];
}

export interface LegacyState {
  version: typeof legacyStateVersion;
  /** the next id to hand out, per kind of record */
  ids: Record<string, number>;
  servers: Record<string, LegacyServer>;
  tokens: Record<string, number>;
  domains: Schemas["DomainDetails"][];
  senders: Schemas["SenderSignatureDetails"][];
  dataRemovals: Schemas["DataRemovalStatus"][];
}

export function isLegacyState(value: unknown): value is LegacyState {
  const state = value as Partial<LegacyState> | null;
  return Boolean(state) && typeof state === "object" && state?.version === legacyStateVersion && typeof state.servers === "object" && typeof state.tokens === "object";
}

const time = (timestamp: string | null | undefined) => {
  const at = Date.parse(timestamp ?? "");
  return Number.isNaN(at) ? 0 : at;
};

/** The records a version 1 state holds, as a snapshot of the memory store. */
export function snapshotFromLegacyState(state: LegacyState): MemorySnapshot {
  const collections: { [Name in CollectionName]?: unknown[] } = {};
  const add = (name: CollectionName, record: unknown) => (collections[name] ??= []).push(record);
  let event = 0;
  for (const entry of Object.values(state.servers)) {
    const serverId = entry.server.ID;
    add("servers", { server: entry.server, createdAt: 0 });
    for (const stream of entry.streams) add("streams", { stream, at: time(stream.CreatedAt) });
    for (const { details, attachments, at } of entry.outbound) {
      const { MessageEvents, ...rest } = details;
      add("outbound", { serverId, details: rest, attachments, at });
      for (const message of MessageEvents) add("messageEvents", { id: `legacy-${++event}`, serverId, messageId: details.MessageID.toLowerCase(), event: message, at: time(message.ReceivedAt) });
    }
    for (const { details, at, attachments } of entry.inbound) add("inbound", { serverId, details, at, attachments: attachments ?? [] });
    for (const bounce of entry.bounces) add("bounces", { serverId, bounce, at: time(bounce.BouncedAt) });
    for (const [stream, list] of Object.entries(entry.suppressions)) for (const suppression of list) add("suppressions", { serverId, stream, suppression, at: time(suppression.CreatedAt) });
    for (const record of entry.templates) add("templates", record);
    for (const webhook of entry.webhooks) add("webhooks", { serverId, webhook });
    for (const rule of entry.inboundRules) add("inboundRules", { serverId, rule });
    for (const open of entry.opens) add("opens", { id: `legacy-${++event}`, serverId, open, at: time(open.ReceivedAt) });
    for (const click of entry.clicks) add("clicks", { id: `legacy-${++event}`, serverId, click, at: time(click.ReceivedAt) });
    for (const { status, at } of entry.bulkRequests) add("bulkRequests", { serverId, status, at });
  }
  for (const domain of state.domains) add("domains", domain);
  for (const sender of state.senders) add("senders", sender);
  for (const removal of state.dataRemovals) add("dataRemovals", removal);
  // Version 1 kept the next ID to hand out; sequences keep the last one handed out.
  const sequences = Object.fromEntries(Object.entries(state.ids).map(([kind, next]) => [kind, next - 1]));
  return { sequences, collections };
}
