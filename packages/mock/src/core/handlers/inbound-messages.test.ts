import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { atWork, put, serverOf, type SeededServer } from "../../../test/seed.js";
import type { EmulatorEvent } from "../events.js";
import { receiveInbound, type InboundInit } from "../receiving.js";
import { changed } from "../store/draft.js";
import type { InboundRecord } from "../store/collections.js";

let ids = 0;
function receive({ store, server }: SeededServer, at: string, init: InboundInit): Promise<InboundRecord> {
  const uuid = () => `7a2b3c4d-5e6f-4a70-8b9c-${String(++ids).padStart(12, "0")}`;
  return atWork(store, (work) => receiveInbound(work, server, init), { at: new Date(at), uuid });
}

/** A received message as the store holds it now. */
async function current(mock: Harness, record: InboundRecord): Promise<InboundRecord | undefined> {
  return mock.store.transaction((tx) => tx.inbound.get(record.details.MessageID.toLowerCase()));
}

interface Seeded {
  mock: Harness;
  server: SeededServer;
  ticket: InboundRecord;
  newsletter: InboundRecord;
  spam: InboundRecord;
  failed: InboundRecord;
}

async function seeded(events: EmulatorEvent[] = []): Promise<Seeded> {
  const mock = createHarness();
  mock.emulator.subscribe((notice) => {
    if (notice.type === "event") events.push(notice.event);
  });
  const server = await serverOf(mock);
  await put(mock.store, "inboundRules", { serverId: server.server.ID, rule: { ID: 1, Rule: "spam.example.net" } });
  const ticket = await receive(server, "2026-06-01T09:00:00-04:00", {
    From: "Jane <jane@example.org>",
    To: "reply+ticket-8491@inbound.example.org",
    Cc: "John <john@example.org>",
    Subject: "Re: Your ticket #8491",
    Tag: "support",
    TextBody: "Thanks",
  });
  const newsletter = await receive(server, "2026-06-02T09:00:00-04:00", { From: "news@example.com", To: "inbox@inbound.example.org", Subject: "Weekly news" });
  const spam = await receive(server, "2026-06-03T09:00:00-04:00", { From: "offers@spam.example.net", To: "inbox@inbound.example.org", Subject: "You won" });
  const received = await receive(server, "2026-06-04T09:00:00-04:00", { From: "jane@example.org", To: "inbox@inbound.example.org", Subject: "Another question" });
  const failed = changed(received, (draft) => {
    draft.details.Status = "Failed";
  });
  await put(mock.store, "inbound", failed);
  return { mock, server, ticket, newsletter, spam, failed };
}

type Name = "ticket" | "newsletter" | "spam" | "failed";

describe("searching received messages", () => {
  let seed: Seeded;
  beforeAll(async () => {
    seed = await seeded();
  });

  const cases: { query: Record<string, string | number>; expected: Name[] }[] = [
    { query: {}, expected: ["failed", "spam", "newsletter", "ticket"] },
    { query: { recipient: "REPLY+ticket-8491@inbound.example.org" }, expected: ["ticket"] },
    { query: { recipient: "john@example.org" }, expected: ["ticket"] },
    { query: { fromemail: "jane@example.org" }, expected: ["failed", "ticket"] },
    { query: { subject: "ticket" }, expected: ["ticket"] },
    { query: { mailboxhash: "ticket-8491" }, expected: ["ticket"] },
    { query: { tag: "SUPPORT" }, expected: ["ticket"] },
    { query: { status: "blocked" }, expected: ["spam"] },
    { query: { status: "failed" }, expected: ["failed"] },
    { query: { status: "processed" }, expected: ["newsletter", "ticket"] },
    { query: { status: "queued" }, expected: [] },
    { query: { fromdate: "2026-06-02", todate: "2026-06-03" }, expected: ["spam", "newsletter"] },
    { query: { todate: "2026-06-01" }, expected: ["ticket"] },
    { query: { count: 2, offset: 1 }, expected: ["spam", "newsletter"] },
  ];

  it.each(cases)("$query", async ({ query, expected }) => {
    const answer = await seed.mock.call("GET", "/messages/inbound", { query: { count: 50, offset: 0, ...query } });
    expect(answer.status).toBe(200);
    const total = "count" in query ? 4 : expected.length;
    expect(answer.json.TotalCount).toBe(total);
    expect(answer.json.InboundMessages.map((message: { MessageID: string }) => message.MessageID)).toEqual(expected.map((name) => seed[name].details.MessageID));
  });

  it("lists messages without their bodies and headers", async () => {
    const answer = await seed.mock.call("GET", "/messages/inbound", { query: { count: 1, offset: 3 } });
    const [message] = answer.json.InboundMessages;
    expect(message).toMatchObject({ From: "jane@example.org", FromName: "Jane", MailboxHash: "ticket-8491", Status: "Processed" });
    for (const field of ["TextBody", "HtmlBody", "StrippedTextReply", "Headers", "BlockedReason"]) expect(message).not.toHaveProperty(field);
  });

  it("reads one message with its bodies", async () => {
    const answer = await seed.mock.call("GET", `/messages/inbound/${seed.spam.details.MessageID}/details`);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ Subject: "You won", Status: "Blocked", BlockedReason: "Blocked by inbound rule for spam.example.net", TextBody: "" });
  });
});

describe("acting on received messages", () => {
  const unknown = "0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a";

  it.each([
    { method: "GET", action: "details", message: "This message was not found." },
    { method: "PUT", action: "bypass", message: "This message was not found or cannot be bypassed." },
    { method: "PUT", action: "retry", message: "This message was not found or cannot be retried." },
  ])("answers 701 to $action of an unknown message", async ({ method, action, message }) => {
    const { mock } = await seeded();
    const answer = await mock.call(method, `/messages/inbound/${unknown}/${action}`);
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ ErrorCode: 701, Message: message });
  });

  it("lets a blocked message through once, and posts it", async () => {
    const events: EmulatorEvent[] = [];
    const { mock, spam } = await seeded(events);
    const id = spam.details.MessageID;
    const answer = await mock.call("PUT", `/messages/inbound/${id}/bypass`);
    expect(answer.json).toEqual({ ErrorCode: 0, Message: `Successfully bypassed message: ${id}` });
    expect((await current(mock, spam))?.details).toMatchObject({ Status: "Processed", BlockedReason: "" });
    expect(events.map((event) => [event.type, event.messageId])).toEqual([["Inbound", id]]);
    const again = await mock.call("PUT", `/messages/inbound/${id}/bypass`);
    expect(again.status).toBe(422);
    expect(again.json.ErrorCode).toBe(702);
  });

  it("retries a failed message once", async () => {
    const events: EmulatorEvent[] = [];
    const { mock, failed } = await seeded(events);
    const id = failed.details.MessageID;
    const answer = await mock.call("PUT", `/messages/inbound/${id}/retry`);
    expect(answer.json).toEqual({ ErrorCode: 0, Message: `Successfully rescheduled failed message: ${id}` });
    expect((await current(mock, failed))?.details.Status).toBe("Scheduled");
    expect(events.map((event) => [event.type, event.messageId])).toEqual([["Inbound", id]]);
    const again = await mock.call("PUT", `/messages/inbound/${id}/retry`);
    expect(again.status).toBe(422);
    expect(again.json.ErrorCode).toBe(703);
  });

  it.each([
    { action: "bypass", name: "ticket" as const, code: 702 },
    { action: "retry", name: "spam" as const, code: 703 },
  ])("refuses to $action a message in the wrong state with $code", async ({ action, name, code }) => {
    const seed = await seeded();
    const answer = await seed.mock.call("PUT", `/messages/inbound/${seed[name].details.MessageID}/${action}`);
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(code);
  });
});
