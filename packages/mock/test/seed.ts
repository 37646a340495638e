// Puts records straight into an emulator's store, for tests of the groups that read them (stats,
// message events) without going through the sending operations; reads what the store holds; and
// runs a rule of the core as one unit of work at a chosen moment, as the emulator runs it.
import { recordClick, recordOpen, type ClickInit, type OpenInit } from "../src/core/outcomes.js";
import { collectionNames, collections, type CollectionName, type OutboundRecord, type RecordOf } from "../src/core/store/collections.js";
import type { Collection, Store, Transaction } from "../src/core/store/store.js";
import type { EmulatorEvent } from "../src/core/events.js";
import { startWork, type EmulatorNotice, type Work } from "../src/core/work.js";
import { postmarkTimestamp } from "../src/core/time.js";
import type { Schemas } from "../src/core/types.js";
import type { Harness } from "./harness.js";

/** A server of the harness's emulator, to put records into. */
export interface SeededServer {
  store: Store;
  server: Schemas["Server"];
}

/** The server behind the harness's token (or another token). */
export async function serverOf(mock: Harness, token?: string): Promise<SeededServer> {
  const answer = await mock.call("GET", "/server", token === undefined ? {} : { token });
  const server = await mock.emulator.server(answer.json.ID as number);
  if (!server) throw new Error(`No server ${String(answer.json.ID)} in the store`);
  return { store: mock.store, server };
}

let sequence = 0;
let bounces = 0;

export interface SentInit {
  at: string;
  to?: string;
  tag?: string;
  stream?: string;
  trackOpens?: boolean;
  trackLinks?: Schemas["TrackLinks"];
  html?: string;
  text?: string;
  metadata?: Record<string, string>;
}

/** Adds a sent message to the server, as if it had been accepted at `at`. */
export async function sent({ store, server }: SeededServer, init: SentInit): Promise<OutboundRecord> {
  const at = Date.parse(init.at);
  const to = init.to ?? "jane@example.org";
  const record: OutboundRecord = {
    serverId: server.ID,
    details: {
      MessageID: `00000000-0000-4000-8000-${String(++sequence).padStart(12, "0")}`,
      MessageStream: init.stream ?? "outbound",
      Tag: init.tag ?? "",
      To: [{ Email: to, Name: "" }],
      Cc: [],
      Bcc: [],
      Recipients: [to],
      ReceivedAt: postmarkTimestamp(new Date(at)),
      From: "sender@example.com",
      Subject: "Hello",
      Attachments: [],
      Status: "Sent",
      TrackOpens: init.trackOpens ?? false,
      TrackLinks: init.trackLinks ?? "None",
      Metadata: init.metadata ?? {},
      Sandboxed: false,
      HtmlBody: init.html ?? null,
      TextBody: init.text ?? "Hello",
    },
    attachments: [],
    at,
  };
  await store.transaction(async (tx) => tx.outbound.put(record));
  return record;
}

const typeCodes: Partial<Record<Schemas["BounceType"], Schemas["BounceTypeCode"]>> = {
  HardBounce: 1,
  Transient: 2,
  SoftBounce: 4096,
  SpamComplaint: 100001,
  SMTPApiError: 100007,
  DnsError: 256,
};

/** Adds a bounce of a sent message to the server. */
export async function bounced({ store, server }: SeededServer, record: OutboundRecord, type: Schemas["BounceType"], at: string): Promise<Schemas["Bounce"]> {
  const bounce: Schemas["Bounce"] = {
    RecordType: "Bounce",
    ID: ++bounces,
    Type: type,
    TypeCode: typeCodes[type] ?? 1,
    Name: type,
    Tag: record.details.Tag ?? "",
    MessageID: record.details.MessageID,
    ServerID: server.ID,
    MessageStream: record.details.MessageStream,
    Description: "",
    Details: "",
    Email: record.details.Recipients[0] ?? "",
    From: record.details.From,
    BouncedAt: postmarkTimestamp(new Date(Date.parse(at))),
    DumpAvailable: false,
    Inactive: type === "HardBounce",
    CanActivate: true,
    Subject: record.details.Subject,
  };
  await store.transaction(async (tx) => tx.bounces.put({ serverId: server.ID, bounce, at: Date.parse(at) }));
  return bounce;
}

export interface WorkOptions {
  /** the moment the work is done at (default: now) */
  at?: Date;
  uuid?: () => string;
  /** collects what the work emits and notifies (default: it goes nowhere) */
  notices?: EmulatorNotice[];
}

/** A unit of work over the seeded store, as the emulator runs one, with its default settings. */
function workAt(tx: Transaction, options: WorkOptions = {}): Work {
  const { at = new Date(), uuid = () => crypto.randomUUID(), notices = [] } = options;
  return startWork(tx, { settings: { strictSenders: false, maxMessagesPerServer: 10_000, allowServerDeletion: true }, now: () => at, uuid }, notices);
}

/** Records an open of a seeded message at `at`, as the emulator records one. */
export async function opened({ store }: SeededServer, record: OutboundRecord, init: OpenInit & { at: Date }): Promise<Schemas["OpenEvent"]> {
  return store.transaction((tx) => recordOpen(workAt(tx, { at: init.at }), record, init));
}

/** Records a click on a link of a seeded message at `at`, as the emulator records one. */
export async function clicked({ store }: SeededServer, record: OutboundRecord, init: ClickInit & { at: Date }): Promise<Schemas["ClickEvent"]> {
  return store.transaction((tx) => recordClick(workAt(tx, { at: init.at }), record, init, record.details.TrackLinks !== "None"));
}

/** The collections that hold the account's own records (`holds: "account"` in collections.ts). */
export type AccountCollection = "servers" | "domains" | "senders" | "dataRemovals";
/** The collections whose records belong to a server. */
export type ServerCollection = Exclude<CollectionName, AccountCollection>;

/** What the store holds of one kind for a seeded server, oldest first. */
export async function stored<Name extends ServerCollection>({ store, server }: SeededServer, name: Name): Promise<RecordOf<Name>[]> {
  return store.transaction(async (tx) => (await tx[name].find({ scope: server.ID, order: "oldest" })) as RecordOf<Name>[]);
}

/** What the store holds of one kind of the account's own records, oldest first. */
export async function storedForAccount<Name extends AccountCollection>(store: Store, name: Name): Promise<RecordOf<Name>[]> {
  return store.transaction(async (tx) => (await tx[name].find({ order: "oldest" })) as RecordOf<Name>[]);
}

/** Puts records of one kind straight into the store, as they are. */
export async function put<Name extends CollectionName>(store: Store, name: Name, ...records: RecordOf<Name>[]): Promise<void> {
  await store.transaction(async (tx) => {
    const collection = tx[name] as unknown as Collection<RecordOf<Name>>;
    for (const record of records) await collection.put(record);
  });
}

/** Runs one unit of work over the store (a rule of the core, called straight), committed when it resolves. */
export async function atWork<T>(store: Store, action: (work: Work) => Promise<T>, options: WorkOptions = {}): Promise<T> {
  return store.transaction((tx) => action(workAt(tx, options)));
}

/** The events among a unit of work's notices. */
export function eventsOf(notices: readonly EmulatorNotice[]): EmulatorEvent[] {
  return notices.flatMap((notice) => (notice.type === "event" ? [notice.event] : []));
}

/** Everything the store holds for one server (its record and every record it scopes), as plain data to compare. */
export async function holdingsOf(store: Store, serverId: number): Promise<Record<string, unknown>> {
  return store.transaction(async (tx) => {
    const holdings: Record<string, unknown> = { server: await tx.servers.get(serverId) };
    for (const name of collectionNames) if (collections[name].holds !== "account") holdings[name] = await tx[name].find({ scope: serverId, order: "oldest" });
    return holdings;
  });
}
