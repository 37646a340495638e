import { describe, expect, it } from "vitest";
import { createHarness } from "../../test/harness.js";
import { atWork, eventsOf, put, serverOf, stored, type SeededServer } from "../../test/seed.js";
import { blockingRule, mailboxHash, parseAddressList, receiveInbound, type InboundInit } from "./receiving.js";
import type { EmulatorNotice } from "./work.js";

/** Receives a message on the server at noon on 1 June 2026; the work's notices go to `notices`. */
function receive({ store, server }: SeededServer, init: InboundInit, notices: EmulatorNotice[] = []) {
  let n = 0;
  const uuid = () => `6f1c2a3b-4d5e-4f60-8a7b-${String(++n).padStart(12, "0")}`;
  return atWork(store, (work) => receiveInbound(work, server, init), { at: new Date("2026-06-01T12:00:00Z"), uuid, notices });
}

describe("parsing addresses", () => {
  it.each([
    { header: "jane@example.org", expected: [{ Email: "jane@example.org", Name: "", MailboxHash: "" }] },
    { header: "Jane Doe <jane@example.org>", expected: [{ Email: "jane@example.org", Name: "Jane Doe", MailboxHash: "" }] },
    {
      header: '"Doe, John" <reply+ticket-7@inbound.example.org>, a@b.example',
      expected: [
        { Email: "reply+ticket-7@inbound.example.org", Name: "Doe, John", MailboxHash: "ticket-7" },
        { Email: "a@b.example", Name: "", MailboxHash: "" },
      ],
    },
    { header: "", expected: [] },
  ])("$header", ({ header, expected }) => {
    expect(parseAddressList(header)).toEqual(expected);
  });

  it.each([
    ["box+hash@example.org", "hash"],
    ["box+a+b@example.org", "a+b"],
    ["box@example.org", ""],
  ])("mailbox hash of %s is %j", (email, hash) => {
    expect(mailboxHash(email)).toBe(hash);
  });
});

describe("receiving a message", () => {
  it("stores it processed on the inbound stream and emits its webhook event", async () => {
    const mock = createHarness();
    const server = await serverOf(mock);
    const notices: EmulatorNotice[] = [];
    const record = await receive(
      server,
      {
        From: "Jane Doe <Jane@Example.org>",
        To: '"Support" <support+ticket-8@inbound.example.org>',
        Subject: "Help",
        TextBody: "Please help",
        Attachments: [{ Name: "a.txt", Content: "aGVsbG8=", ContentType: "text/plain", ContentLength: 5 }],
      },
      notices,
    );
    const events = eventsOf(notices);
    expect(await stored(server, "inbound")).toEqual([record]);
    expect(record.details).toMatchObject({
      From: "Jane@Example.org",
      FromName: "Jane Doe",
      ToFull: [{ Email: "support+ticket-8@inbound.example.org", Name: "Support", MailboxHash: "ticket-8" }],
      OriginalRecipient: "support+ticket-8@inbound.example.org",
      MailboxHash: "ticket-8",
      Status: "Processed",
      MessageStream: "inbound",
      Date: "Mon, 1 Jun 2026 12:00:00 +0000",
      Attachments: [{ Name: "a.txt", ContentType: "text/plain", ContentLength: 5 }],
      BlockedReason: "",
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "Inbound", serverId: server.server.ID, messageId: record.details.MessageID });
    expect(events[0]?.payload).toMatchObject({ Attachments: [{ Name: "a.txt", Content: "aGVsbG8=", ContentLength: 5 }], MailboxHash: "ticket-8" });
  });

  it.each([
    { rule: "spam.example.net", from: "offers@SPAM.example.net", blocked: true },
    { rule: "spam.example.net", from: "offers@mail.spam.example.net", blocked: false },
    { rule: "bad@example.com", from: "Bad Sender <BAD@example.com>", blocked: true },
    { rule: "bad@example.com", from: "good@example.com", blocked: false },
  ])("a rule for $rule blocks $from: $blocked", async ({ rule, from, blocked }) => {
    const mock = createHarness();
    const server = await serverOf(mock);
    await put(mock.store, "inboundRules", { serverId: server.server.ID, rule: { ID: 1, Rule: rule } });
    const notices: EmulatorNotice[] = [];
    const record = await receive(server, { From: from, To: "support@inbound.example.org" }, notices);
    const events = eventsOf(notices);
    expect(record.details.Status).toBe(blocked ? "Blocked" : "Processed");
    expect(record.details.BlockedReason).toBe(blocked ? `Blocked by inbound rule for ${rule}` : "");
    expect(events).toHaveLength(blocked ? 0 : 1);
    const found = await mock.store.transaction((tx) => blockingRule(tx, server.server.ID, record.details.From));
    expect(found?.Rule).toBe(blocked ? rule : undefined);
  });
});
