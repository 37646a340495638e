// Puts records straight into an emulator server's store, for tests of the groups that read them
// (stats, message events) without going through the sending operations.
import { recordClick, recordOpen, type ClickInit, type OpenInit } from "../src/core/outcomes.js";
import type { OutboundRecord } from "../src/core/store/collections.js";
import type { Transaction } from "../src/core/store/store.js";
import { startWork, type Work } from "../src/core/work.js";
import type { MemoryStore } from "../src/core/store/memory-store.js";
import { postmarkTimestamp } from "../src/core/time.js";
import type { Schemas } from "../src/core/types.js";
import type { Harness } from "./harness.js";

/** A server of the harness's emulator, to put records into. */
export interface SeededServer {
  store: MemoryStore;
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

/** A unit of work at a given moment over the seeded store; what it emits goes nowhere. */
function workAt(tx: Transaction, at: Date): Work {
  return startWork(tx, { settings: { strictSenders: false, maxMessagesPerServer: 10_000, allowServerDeletion: true }, now: () => at, uuid: () => crypto.randomUUID() }, []);
}

/** Records an open of a seeded message at `at`, as the emulator records one. */
export async function opened({ store }: SeededServer, record: OutboundRecord, init: OpenInit & { at: Date }): Promise<Schemas["OpenEvent"]> {
  return store.transaction((tx) => recordOpen(workAt(tx, init.at), record, init));
}

/** Records a click on a link of a seeded message at `at`, as the emulator records one. */
export async function clicked({ store }: SeededServer, record: OutboundRecord, init: ClickInit & { at: Date }): Promise<Schemas["ClickEvent"]> {
  return store.transaction((tx) => recordClick(workAt(tx, init.at), record, init, record.details.TrackLinks !== "None"));
}

/** What the store holds of one kind for a seeded server, oldest first. */
export async function stored<Name extends "opens" | "clicks" | "messageEvents">({ store, server }: SeededServer, name: Name) {
  return store.transaction(async (tx) => (await tx[name].find({ scope: server.ID, order: "oldest" })) as Awaited<ReturnType<Transaction[Name]["find"]>>);
}
