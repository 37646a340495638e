// What apps do against the local Postmark, end to end through the front: send and find what was
// sent, templates, bounces and inactive recipients, suppressions, archived streams, isolated
// servers and batches. Every answer is checked against the spec by the harness.
import { describe, expect, it } from "vitest";
import { createHarness } from "../harness.js";

const email = { From: "Acme <billing@example.com>", To: "Jane Doe <jane@example.org>", Subject: "Your invoice", TextBody: "Thanks!", HtmlBody: "<p>Thanks!</p>", Tag: "invoice", Metadata: { customer: "42" } };

describe("send, then find what was sent", () => {
  it("stores the message with a new ID, echoes the recipients, and finds it by recipient, tag and metadata", async () => {
    const mock = createHarness();
    const first = await mock.call("POST", "/email", { body: email });
    const second = await mock.call("POST", "/email", { body: { ...email, To: "you@yours.com", Tag: "welcome" } });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ To: email.To, ErrorCode: 0, Message: "OK" });
    expect(first.json.MessageID).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.json.MessageID).not.toBe(first.json.MessageID);
    expect(second.json.To).toBe("you@yours.com");

    const byRecipient = await mock.call("GET", "/messages/outbound", { query: { count: 10, offset: 0, recipient: "jane@example.org" } });
    expect(byRecipient.json.TotalCount).toBe(1);
    expect(byRecipient.json.Messages[0]).toMatchObject({ MessageID: first.json.MessageID, Subject: "Your invoice", Tag: "invoice", To: [{ Email: "jane@example.org", Name: "Jane Doe" }] });
    const byTag = await mock.call("GET", "/messages/outbound", { query: { count: 10, offset: 0, tag: "welcome" } });
    expect(byTag.json.Messages.map((message: { MessageID: string }) => message.MessageID)).toEqual([second.json.MessageID]);
    const byMetadata = await mock.call("GET", "/messages/outbound", { query: { count: 10, offset: 0, metadata_customer: "42" } });
    expect(byMetadata.json.TotalCount).toBe(2);
    const all = await mock.call("GET", "/messages/outbound", { query: { count: 10, offset: 0 } });
    expect(all.json.Messages.map((message: { MessageID: string }) => message.MessageID)).toEqual([second.json.MessageID, first.json.MessageID]);
  });

  it("gives details with a Delivered event and the real RFC 5322 source", async () => {
    const mock = createHarness();
    const sent = await mock.call("POST", "/email", { body: email });
    const details = await mock.call("GET", `/messages/outbound/${sent.json.MessageID}/details`);
    expect(details.json).toMatchObject({ From: email.From, TextBody: "Thanks!", HtmlBody: "<p>Thanks!</p>", Metadata: { customer: "42" } });
    expect(details.json.MessageEvents).toEqual([expect.objectContaining({ Type: "Delivered", Recipient: "jane@example.org" })]);
    const dump = await mock.call("GET", `/messages/outbound/${sent.json.MessageID}/dump`);
    expect(dump.json.Body).toMatch(/^[\s\S]*From: Acme <billing@example\.com>\r\n/m);
    expect(dump.json.Body).toContain("Subject: Your invoice");
    expect(dump.json.Body).toMatch(/Content-Type: multipart\/alternative/i);
  });

  it("answers 701 for a message it does not have", async () => {
    const mock = createHarness();
    const answer = await mock.call("GET", "/messages/outbound/0a129aee-e1cd-480d-b08d-4f48548ff48d/details");
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(701);
  });
});

describe("Postmark's sending rules", () => {
  it.each([
    ["an address without @", { ...email, To: "not-an-email" }, 300, "Error parsing 'To'"],
    ["no recipients", { ...email, To: "" }, 300, ""],
    ["a bad From", { ...email, From: "billing" }, 300, "'From'"],
    ["51 recipients", { ...email, To: Array.from({ length: 51 }, (_, i) => `r${i}@example.org`).join(", ") }, 300, ""],
    ["a forbidden attachment", { ...email, Attachments: [{ Name: "run.exe", Content: "aGVsbG8=", ContentType: "application/octet-stream" }] }, 411, ""],
    ["an unknown stream", { ...email, MessageStream: "nope" }, 1235, ""],
    ["the inbound stream", { ...email, MessageStream: "inbound" }, 1236, ""],
  ])("refuses %s", async (_name, body, errorCode, text) => {
    const mock = createHarness();
    const answer = await mock.call("POST", "/email", { body });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
    expect(answer.json.Message).toContain(text);
    const stored = await mock.call("GET", "/messages/outbound", { query: { count: 10, offset: 0 } });
    expect(stored.json.TotalCount).toBe(0);
  });

  it("validates with the test token and keeps nothing", async () => {
    const mock = createHarness();
    const accepted = await mock.call("POST", "/email", { token: "POSTMARK_API_TEST", body: email });
    expect(accepted.json).toMatchObject({ ErrorCode: 0, Message: "Test job accepted" });
    const refused = await mock.call("POST", "/email", { token: "POSTMARK_API_TEST", body: { ...email, To: "not-an-email" } });
    expect(refused.json.ErrorCode).toBe(300);
    const listed = await mock.call("GET", "/messages/outbound", { token: "POSTMARK_API_TEST", query: { count: 10, offset: 0 } });
    expect(listed.json.TotalCount).toBe(0);
    expect(await mock.emulator.servers()).toHaveLength(0);
  });
});

describe("bounces and inactive recipients", () => {
  it("bounces a bounce-testing address, deactivates it, refuses the next send with 406, and sends again after reactivation", async () => {
    const mock = createHarness();
    const to = "Hard_Bounce@bounce-testing.postmarkapp.com";
    const sent = await mock.call("POST", "/email", { body: { ...email, To: to } });
    expect(sent.status).toBe(200);
    const bounces = await mock.call("GET", "/bounces", { query: { count: 10, offset: 0 } });
    expect(bounces.json.TotalCount).toBe(1);
    const bounce = bounces.json.Bounces[0];
    expect(bounce).toMatchObject({ Type: "HardBounce", TypeCode: 1, Email: to, MessageID: sent.json.MessageID, Inactive: true, CanActivate: true });
    expect((await mock.call("GET", `/bounces/${bounce.ID}`)).json.Content).toContain(to);
    expect((await mock.call("GET", `/bounces/${bounce.ID}/dump`)).json.Body).toContain("could not be delivered");
    const details = await mock.call("GET", `/messages/outbound/${sent.json.MessageID}/details`);
    expect(details.json.MessageEvents).toEqual([expect.objectContaining({ Type: "Bounced", Recipient: to })]);
    const stats = await mock.call("GET", "/deliverystats");
    expect(stats.json).toEqual({ InactiveMails: 1, Bounces: [{ Name: "All", Count: 1 }, { Type: "HardBounce", Name: expect.any(String), Count: 1 }] });

    const refused = await mock.call("POST", "/email", { body: { ...email, To: to } });
    expect(refused.status).toBe(422);
    expect(refused.json.ErrorCode).toBe(406);
    const partly = await mock.call("POST", "/email", { body: { ...email, To: `${to}, jane@example.org` } });
    expect(partly.status).toBe(200);
    expect(partly.json.Message).toBe(`Message OK, but will not deliver to these inactive addresses: ${to}`);

    const activated = await mock.call("PUT", `/bounces/${bounce.ID}/activate`);
    expect(activated.json.Bounce.Inactive).toBe(false);
    // The address is active again: this send bounces once more rather than being refused.
    expect((await mock.call("POST", "/email", { body: { ...email, To: to } })).status).toBe(200);
  });

  it.each([
    ["softbounce@bounce-testing.postmarkapp.com", "SoftBounce", false],
    ["TRANSIENT@bounce-testing.postmarkapp.com", "Transient", false],
    ["whatever@bounce-testing.postmarkapp.com", "HardBounce", true],
  ])("%s bounces as %s", async (to, type, inactive) => {
    const mock = createHarness();
    await mock.call("POST", "/email", { body: { ...email, To: to } });
    const bounces = await mock.call("GET", "/bounces", { query: { count: 10, offset: 0, type } });
    expect(bounces.json.Bounces).toEqual([expect.objectContaining({ Type: type, Inactive: inactive })]);
  });

  it("takes the bounce type from the X-PM-Bounce-Type header", async () => {
    const mock = createHarness();
    await mock.call("POST", "/email", { body: { ...email, To: "anyone@bounce-testing.postmarkapp.com", Headers: [{ Name: "X-PM-Bounce-Type", Value: "DnsError" }] } });
    const bounces = await mock.call("GET", "/bounces", { query: { count: 10, offset: 0 } });
    expect(bounces.json.Bounces[0].Type).toBe("DnsError");
  });

  it("refuses to reactivate a bounce that did not deactivate", async () => {
    const mock = createHarness();
    await mock.call("POST", "/email", { body: { ...email, To: "softbounce@bounce-testing.postmarkapp.com" } });
    const [bounce] = (await mock.call("GET", "/bounces", { query: { count: 10, offset: 0 } })).json.Bounces;
    const answer = await mock.call("PUT", `/bounces/${bounce.ID}/activate`, { body: {} });
    expect(answer.json.ErrorCode).toBe(1003);
  });
});

describe("suppressions and streams", () => {
  it("refuses a send to a suppressed address with 406", async () => {
    const mock = createHarness();
    await mock.call("POST", "/message-streams/outbound/suppressions", { body: { Suppressions: [{ EmailAddress: "jane@example.org" }] } });
    const answer = await mock.call("POST", "/email", { body: email });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(406);
  });

  it("refuses a send through an archived stream", async () => {
    const mock = createHarness();
    await mock.call("POST", "/message-streams", { body: { ID: "news", Name: "News", MessageStreamType: "Broadcasts" } });
    await mock.call("POST", "/message-streams/news/archive");
    const answer = await mock.call("POST", "/email", { body: { ...email, MessageStream: "news" } });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBeGreaterThan(0);
  });
});

describe("servers and batches", () => {
  it("keeps two tokens' servers apart", async () => {
    const mock = createHarness();
    await mock.call("POST", "/email", { token: "app-a", body: email });
    await mock.call("POST", "/email", { token: "app-b", body: email });
    await mock.call("POST", "/email", { token: "app-b", body: email });
    const a = await mock.call("GET", "/messages/outbound", { token: "app-a", query: { count: 10, offset: 0 } });
    const b = await mock.call("GET", "/messages/outbound", { token: "app-b", query: { count: 10, offset: 0 } });
    expect([a.json.TotalCount, b.json.TotalCount]).toEqual([1, 2]);
    const servers = await mock.call("GET", "/servers", { accountToken: "account", query: { count: 10, offset: 0 } });
    expect(servers.json.TotalCount).toBe(2);
  });

  it("answers a batch of 3 with 3 results in order, failures in place", async () => {
    const mock = createHarness();
    const answer = await mock.call("POST", "/email/batch", { body: [email, { ...email, To: "not-an-email" }, { ...email, To: "b@example.org" }] });
    expect(answer.status).toBe(200);
    expect(answer.json).toHaveLength(3);
    expect(answer.json.map((result: { ErrorCode: number }) => result.ErrorCode)).toEqual([0, 300, 0]);
    expect(answer.json[2].To).toBe("b@example.org");
    expect(answer.json[1].MessageID).toBeUndefined();
  });

  it("keeps at most the configured number of messages per server", async () => {
    const mock = createHarness({ maxMessagesPerServer: 3 });
    for (let i = 0; i < 5; i++) await mock.call("POST", "/email", { body: { ...email, Subject: `n${i}` } });
    const listed = await mock.call("GET", "/messages/outbound", { query: { count: 10, offset: 0 } });
    expect(listed.json.Messages.map((message: { Subject: string }) => message.Subject)).toEqual(["n4", "n3", "n2"]);
  });
});
