import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { clicked, opened, sent, serverOf, stored, type SeededServer } from "../../../test/seed.js";
import type { ClickInit } from "../outcomes.js";
import type { OutboundRecord } from "../store/collections.js";

const gmailOnWindows = {
  Client: { Name: "Gmail", Company: "Google", Family: "Gmail" },
  OS: { Name: "Windows 11", Company: "Microsoft Corporation", Family: "Windows" },
  Platform: "WebMail" as const,
  Geo: { Country: "United States", Region: "New York", City: "New York" },
};
const appleMailOnIos = {
  Client: { Name: "Apple Mail 16", Company: "Apple Inc.", Family: "Apple Mail" },
  OS: { Name: "iOS 18", Company: "Apple Inc.", Family: "iOS" },
  Platform: "Mobile" as const,
  Geo: { Country: "Germany", Region: "Berlin", City: "Berlin" },
};

interface Seeded {
  mock: Harness;
  server: SeededServer;
  welcome: OutboundRecord;
  reset: OutboundRecord;
  broadcast: OutboundRecord;
  silent: OutboundRecord;
}

// The same readers open and click: jane with Gmail on Windows, john with Apple Mail on iOS.
async function seeded(): Promise<Seeded> {
  const mock = createHarness();
  const server = await serverOf(mock);
  const welcome = await sent(server, { at: "2026-05-04T09:00:00-04:00", to: "jane@example.org", tag: "welcome", trackOpens: true, trackLinks: "HtmlOnly" });
  const reset = await sent(server, { at: "2026-05-04T09:01:00-04:00", to: "john@example.org", tag: "reset", trackOpens: true, trackLinks: "HtmlOnly" });
  const broadcast = await sent(server, { at: "2026-05-04T09:02:00-04:00", to: "jane@example.org", stream: "broadcast", trackOpens: true, trackLinks: "HtmlOnly" });
  const silent = await sent(server, { at: "2026-05-04T09:03:00-04:00", trackOpens: true });
  const events: [OutboundRecord, Date, typeof gmailOnWindows | typeof appleMailOnIos][] = [
    [welcome, new Date("2026-05-04T10:00:00-04:00"), gmailOnWindows],
    [reset, new Date("2026-05-04T11:00:00-04:00"), appleMailOnIos],
    [broadcast, new Date("2026-05-04T12:00:00-04:00"), gmailOnWindows],
  ];
  for (const [record, at, reader] of events) {
    await opened(server, record, { at, ...reader });
    await clicked(server, record, { at, OriginalLink: "https://example.org/start", ...reader });
  }
  return { mock, server, welcome, reset, broadcast, silent };
}

/** Who got which message, for comparing result lists. */
const who = (events: { MessageID: string; Recipient: string }[]) => events.map((event) => `${event.MessageID} ${event.Recipient}`);

describe.each([
  { kind: "opens", list: "Opens" },
  { kind: "clicks", list: "Clicks" },
])("searching $kind", ({ kind, list }) => {
  let seed: Seeded;
  beforeAll(async () => {
    seed = await seeded();
  });

  it("lists the default stream's events, newest first", async () => {
    const answer = await seed.mock.call("GET", `/messages/outbound/${kind}`, { query: { count: 10, offset: 0 } });
    expect(answer.json.TotalCount).toBe(2);
    expect(who(answer.json[list])).toEqual(who([seed.reset.details, seed.welcome.details].map((details) => ({ MessageID: details.MessageID, Recipient: details.Recipients[0]! }))));
  });

  const filters: { query: Record<string, string>; expected: "welcome" | "reset" | "broadcast" | "none" }[] = [
    { query: { recipient: "JANE@example.org" }, expected: "welcome" },
    { query: { recipient: "john@example.org" }, expected: "reset" },
    { query: { tag: "reset" }, expected: "reset" },
    { query: { client_name: "gmail" }, expected: "welcome" },
    { query: { client_company: "Apple Inc." }, expected: "reset" },
    { query: { client_family: "Apple Mail" }, expected: "reset" },
    { query: { os_name: "Windows 11" }, expected: "welcome" },
    { query: { os_family: "ios" }, expected: "reset" },
    { query: { os_company: "Microsoft Corporation" }, expected: "welcome" },
    { query: { platform: "webmail" }, expected: "welcome" },
    { query: { platform: "mobile" }, expected: "reset" },
    { query: { platform: "desktop" }, expected: "none" },
    { query: { country: "Germany" }, expected: "reset" },
    { query: { region: "New York" }, expected: "welcome" },
    { query: { city: "berlin" }, expected: "reset" },
    { query: { messagestream: "broadcast" }, expected: "broadcast" },
    { query: { messagestream: "broadcast", platform: "mobile" }, expected: "none" },
  ];

  it.each(filters)("filters by $query", async ({ query, expected }) => {
    const answer = await seed.mock.call("GET", `/messages/outbound/${kind}`, { query: { count: 10, offset: 0, ...query } });
    const ids = expected === "none" ? [] : [seed[expected].details.MessageID];
    expect(answer.json.TotalCount).toBe(ids.length);
    expect(answer.json[list].map((event: { MessageID: string }) => event.MessageID)).toEqual(ids);
  });

  it("pages with count and offset", async () => {
    const answer = await seed.mock.call("GET", `/messages/outbound/${kind}`, { query: { count: 1, offset: 1 } });
    expect(answer.json.TotalCount).toBe(2);
    expect(answer.json[list].map((event: { MessageID: string }) => event.MessageID)).toEqual([seed.welcome.details.MessageID]);
  });

  it("lists one message's events", async () => {
    const answer = await seed.mock.call("GET", `/messages/outbound/${kind}/${seed.broadcast.details.MessageID}`, { query: { count: 10, offset: 0 } });
    expect(answer.json.TotalCount).toBe(1);
    expect(answer.json[list][0]).toMatchObject({ MessageID: seed.broadcast.details.MessageID, MessageStream: "broadcast", Recipient: "jane@example.org" });
  });

  it.each([
    { what: "an unknown message", id: () => "5a0e9c1e-6b7f-4b6a-9f5e-000000000000" },
    { what: "a message without any", id: () => seed.silent.details.MessageID },
  ])("answers 701 for $what", async ({ id }) => {
    const answer = await seed.mock.call("GET", `/messages/outbound/${kind}/${id()}`, { query: { count: 10, offset: 0 } });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ ErrorCode: 701, Message: "This message was not found." });
  });
});

describe("recording opens and clicks", () => {
  it("marks only a recipient's first open as FirstOpen", async () => {
    const mock = createHarness();
    const server = await serverOf(mock);
    const message = await sent(server, { at: "2026-05-04T09:00:00-04:00", trackOpens: true });
    const first = await opened(server, message, { at: new Date("2026-05-04T10:00:00-04:00") });
    const again = await opened(server, message, { at: new Date("2026-05-04T11:00:00-04:00") });
    const other = await opened(server, message, { at: new Date("2026-05-04T12:00:00-04:00"), Recipient: "john@example.org" });
    expect([first.FirstOpen, again.FirstOpen, other.FirstOpen]).toEqual([true, false, true]);
    const answer = await mock.call("GET", `/messages/outbound/opens/${message.details.MessageID}`, { query: { count: 10, offset: 0 } });
    expect(answer.json.Opens.map((open: { ReceivedAt: string }) => open.ReceivedAt)).toEqual([other.ReceivedAt, again.ReceivedAt, first.ReceivedAt]);
  });

  it("adds Opened and LinkClicked events to the message's details", async () => {
    const mock = createHarness();
    const server = await serverOf(mock);
    const message = await sent(server, { at: "2026-05-04T09:00:00-04:00", tag: "welcome", trackOpens: true, trackLinks: "HtmlAndText", metadata: { order: "42" } });
    const open = await opened(server, message, { at: new Date("2026-05-04T10:00:00-04:00"), ...gmailOnWindows });
    const init: ClickInit & { at: Date } = { at: new Date("2026-05-04T10:01:00-04:00"), OriginalLink: "https://example.org/pay", ClickLocation: "Text" };
    const click = await clicked(server, message, init);
    expect(open).toMatchObject({ RecordType: "Open", Tag: "welcome", MessageStream: "outbound", Recipient: "jane@example.org", Metadata: { order: "42" }, Platform: "WebMail" });
    expect(click).toMatchObject({ RecordType: "Click", OriginalLink: "https://example.org/pay", ClickLocation: "Text", Platform: "Unknown", Client: { Family: "unknown" } });
    expect((await stored(server, "messageEvents")).map((record) => record.event)).toMatchObject([
      { Type: "Opened", Recipient: "jane@example.org", ReceivedAt: open.ReceivedAt },
      { Type: "LinkClicked", Recipient: "jane@example.org", ReceivedAt: click.ReceivedAt, Details: { Link: "https://example.org/pay", ClickLocation: "Text" } },
    ]);
    expect((await stored(server, "opens")).map((record) => record.open)).toEqual([open]);
    expect((await stored(server, "clicks")).map((record) => record.click)).toEqual([click]);
  });
});
