import { describe, expect, it } from "vitest";
import { createHarness } from "../../test/harness.js";
import { sentMessages, type SentMessageFilter } from "../sent.js";
import { describeFilter, expectEmailSent, expectNoEmailSent, lastEmail, sentEmails } from "./assertions.js";

function source() {
  const mock = createHarness();
  const send = (body: Record<string, unknown>) => mock.call("POST", "/email", { body: { From: "app@example.com", TextBody: "Hi", ...body } });
  return { messages: (filter: SentMessageFilter = {}) => sentMessages(mock.emulator, { token: mock.token, ...filter }), send };
}

describe("expectEmailSent", () => {
  it("resolves with the newest matching message", async () => {
    const mock = source();
    await mock.send({ To: "jane@example.org", Subject: "Welcome, Jane" });
    await mock.send({ To: "jane@example.org", Subject: "Welcome back, Jane" });
    const found = await expectEmailSent(mock, { to: "jane@example.org", subject: /Welcome/ });
    expect(found.Subject).toBe("Welcome back, Jane");
  });

  it("fails with what was sent, criterion by criterion", async () => {
    const mock = source();
    await mock.send({ To: "jane@example.org", Subject: "Your receipt", Tag: "receipt" });
    await mock.send({ To: "bob@example.org", Subject: "Welcome, Bob" });
    const failure = await expectEmailSent(mock, { to: "jane@example.org", subject: /Welcome/ }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const lines = (failure as Error).message.split("\n");
    expect(lines[0]).toBe('Expected an email matching { to: "jane@example.org", subject: /Welcome/ } to have been sent.');
    expect(lines[1]).toBe("2 emails were sent, newest first:");
    expect(lines[2]).toMatch(/^ {2}1\. to bob@example\.org, subject "Welcome, Bob", from app@example\.com \(MessageID [0-9a-f-]{36}\)$/);
    expect(lines.slice(3, 5)).toEqual(['      ✗ to: bob@example.org  (expected "jane@example.org")', '      ✓ subject: "Welcome, Bob"']);
    expect(lines[5]).toMatch(/^ {2}2\. to jane@example\.org, subject "Your receipt", tag "receipt"/);
    expect(lines.slice(6)).toEqual(["      ✓ to: jane@example.org", '      ✗ subject: "Your receipt"  (expected /Welcome/)']);
  });

  it("says so when nothing was sent", async () => {
    await expect(expectEmailSent(source(), { to: "x@example.org" })).rejects.toThrow(/to have been sent\.\nNo email was sent\.$/);
  });

  it("waits up to its timeout for a message sent in the background", async () => {
    const mock = source();
    setTimeout(() => void mock.send({ To: "late@example.org", Subject: "Later" }), 50);
    await expect(expectEmailSent(mock, { to: "late@example.org" }, { timeout: 2_000, interval: 10 })).resolves.toMatchObject({ Subject: "Later" });
  });
});

describe("expectNoEmailSent", () => {
  it("passes when nothing matches and lists what matched otherwise", async () => {
    const mock = source();
    await expectNoEmailSent(mock);
    await mock.send({ To: "jane@example.org", Subject: "Hello" });
    await expectNoEmailSent(mock, { to: "bob@example.org" });
    await expect(expectNoEmailSent(mock, { to: "jane@example.org" })).rejects.toThrow(/^Expected no email matching \{ to: "jane@example.org" \} to have been sent, but 1 was:\n {2}- to jane@example\.org, subject "Hello"/);
    await expect(expectNoEmailSent(mock)).rejects.toThrow(/^Expected no email to have been sent, but 1 was:/);
  });
});

describe("query helpers", () => {
  it("sentEmails and lastEmail filter like messages()", async () => {
    const mock = source();
    await mock.send({ To: "a@example.org", Subject: "One", Tag: "t" });
    await mock.send({ To: "b@example.org", Subject: "Two", Tag: "t" });
    expect((await sentEmails(mock, { tag: "t" })).map((message) => message.Subject)).toEqual(["Two", "One"]);
    expect((await lastEmail(mock, { to: "a@example.org" }))?.Subject).toBe("One");
    expect(await lastEmail(mock, { to: "c@example.org" })).toBeUndefined();
  });

  it("describeFilter writes the filter the way a test wrote it", () => {
    expect(describeFilter({ to: "a@b.c", subject: /Hi/i, server: 3 })).toBe('{ to: "a@b.c", subject: /Hi/i, server: 3 }');
    expect(describeFilter({})).toBe("{}");
  });
});
