import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test/harness.js";
import { opened, serverOf } from "../../test/seed.js";
import { buildMimeSource, type OutgoingMessage } from "./mail/index.js";
import { retention } from "./retention.js";
import { createMemoryStore } from "./store/memory-store.js";
import type { Store } from "./store/store.js";
import { openDatabaseFile } from "../sqlite/sqlite-file.js";
import { createSqliteStore } from "../sqlite/sqlite-store.js";
import { newDatabaseFile } from "../../test/sqlite-files.js";

const base64Of = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const now = new Date("2026-11-30T03:38:29.123Z");

// A stored message's raw source is built when it is first read: it must be, byte for byte, what
// building it at the time of the send gives. A database keeps what it is built from, not the source.
const engines: [string, () => Promise<{ store: Store; storedDocument?: (messageId: string) => string }>][] = [
  // A store that does not freeze its records: freezing walks every field, which would build the source at once.
  ["in memory", async () => ({ store: createMemoryStore() })],
  [
    "in SQLite",
    async () => {
      const db = await openDatabaseFile(newDatabaseFile("postmark-source-"));
      return { store: createSqliteStore(db), storedDocument: (messageId) => String(db.prepare(`SELECT doc FROM outbound WHERE key = ?`).get(JSON.stringify(messageId.toLowerCase()))?.["doc"]) };
    },
  ],
];

describe.each(engines)("the raw source of a sent message, %s", (_, open) => {
  it.each<[string, OutgoingMessage]>([
    ["text only", { From: "sender@example.com", To: "jane@example.org", Subject: "Hello", TextBody: "Hi Jane." }],
    ["text and HTML, names, Cc and Reply-To", { From: '"Shop, Inc." <shop@example.com>', To: "Zoë Ångström <zoe@example.org>, plain@example.org", Cc: "Carl <carl@example.org>", Bcc: "hidden@example.org", ReplyTo: "help@example.com", Subject: "Your order — n° 1042", TextBody: "Hello Zoë,\nyour order.\r\n" + "A long line ".repeat(20) + " = fin ", HtmlBody: "<p>Hello Zoë</p>" }],
    ["tag, metadata and custom headers", { From: "sender@example.com", To: "jane@example.org", Subject: "Tagged", HtmlBody: "<b>hi</b>", Tag: "welcome", Metadata: { order: "1042", customer: "Zoë" }, Headers: [{ Name: "X-Campaign", Value: "autumn" }, { Name: "Message-ID", Value: "<custom@example.com>" }] }],
    ["attachments, inline and not", { From: "sender@example.com", To: "jane@example.org", Subject: "Files", TextBody: "See attached.", HtmlBody: '<img src="cid:logo.png">', Attachments: [
      { Name: "invoice 1042.pdf", Content: base64Of("%PDF-1.4 fake"), ContentType: "application/pdf" },
      { Name: "logo.png", Content: base64Of("\x89PNG fake"), ContentType: "image/png", ContentID: "cid:logo.png" },
      { Name: "reçu.txt", Content: base64Of("merci"), ContentType: "text/plain" },
    ] }],
  ])("%s: built on first read, the same bytes as built at once", async (_, message) => {
    const { store, storedDocument } = await open();
    const mock = createHarness({ now: () => now, store });
    const sent = await mock.call("POST", "/email", { body: message });
    expect(sent.status).toBe(200);
    const stored = await store.transaction((tx) => tx.outbound.get(String(sent.json.MessageID).toLowerCase()));
    expect(Object.getOwnPropertyDescriptor(stored?.details, "Body")?.get).toBeTypeOf("function");
    const eager = buildMimeSource(message, { messageId: sent.json.MessageID, date: now });
    const dump = await mock.call("GET", `/messages/outbound/${sent.json.MessageID}/dump`);
    expect(dump.json.Body).toBe(eager);
    // Read again, it is the same text.
    expect((await mock.emulator.messages.find(sent.json.MessageID))?.details.Body).toBe(eager);
    if (storedDocument) {
      const document = storedDocument(sent.json.MessageID);
      expect(document).toContain(`"MessageID":"${sent.json.MessageID}"`);
      expect(document).not.toContain('"Body"');
    }
    await store.close();
  });
});

// A send writes one record: what happens to it at once (a delivery to each recipient, a bounce at
// a bounce-testing address) is kept in the message's own record, and its details list those
// events with the later ones, by time.
describe("the events of a send", () => {
  const sendTo = async (mock: Harness, To: string) => {
    const sent = await mock.call("POST", "/email", { body: { From: "sender@example.com", To, Subject: "Hello", TextBody: "Hi.", TrackOpens: true } });
    expect(sent.status).toBe(200);
    const messageId = String(sent.json.MessageID);
    const record = await mock.store.transaction((tx) => tx.outbound.get(messageId.toLowerCase()));
    return { messageId, record: record!, server: await serverOf(mock) };
  };
  const eventTypes = async (mock: Harness, messageId: string) =>
    (await mock.call("GET", `/messages/outbound/${messageId}/details`)).json.MessageEvents.map((event: { Type: string }) => event.Type) as string[];
  const storedEvents = (mock: Harness) => mock.store.transaction((tx) => tx.messageEvents.count());

  it("are kept in the message's record, not as records of their own, and listed with later events", async () => {
    const mock = createHarness({ now: () => now });
    const { messageId, record, server } = await sendTo(mock, "jane@example.org, HardBounce@bounce-testing.postmarkapp.com");
    expect(record.events?.map(({ event }) => [event.Type, event.Recipient])).toEqual([
      ["Delivered", "jane@example.org"],
      ["Bounced", "HardBounce@bounce-testing.postmarkapp.com"],
    ]);
    expect(await storedEvents(mock)).toBe(0);

    await opened(server, record, { at: new Date(now.getTime() + 60_000), Recipient: "jane@example.org" });
    expect(await storedEvents(mock)).toBe(1);
    expect(await eventTypes(mock, messageId)).toEqual(["Delivered", "Bounced", "Opened"]);
  });

  it("count towards the events a message keeps, and stay when later ones go", async () => {
    const mock = createHarness({ now: () => now });
    const { messageId, record, server } = await sendTo(mock, "jane@example.org, john@example.org");
    for (let open = 1; open <= retention.eventsPerMessage; open++) {
      await opened(server, record, { at: new Date(now.getTime() + open * 1000), Recipient: "jane@example.org" });
    }
    const types = await eventTypes(mock, messageId);
    expect(types).toHaveLength(retention.eventsPerMessage);
    expect(types.slice(0, 3)).toEqual(["Delivered", "Delivered", "Opened"]);
    expect(await storedEvents(mock)).toBe(retention.eventsPerMessage - 2);
  });
});
