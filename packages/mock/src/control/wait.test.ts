// The mock API for tests in any language: wait for a message, read its links and one-time codes;
// the health checks; and the same through the test helpers.
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call } from "../../test/support.js";
import { startMockServer, type RunningMock } from "../http/server.js";
import { codeOf, linksOf, waitForEmail } from "../testing/index.js";
import { maxOpenWaits } from "./mock-api.js";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, smtpPort: 0, quiet: true });
});
afterAll(() => mock.close());

const signUp = {
  From: "app@example.com",
  Subject: "Confirm your address",
  HtmlBody: '<p>Your code is <b>730291</b>.</p><p><a href="https://app.example/confirm?token=abc&amp;user=7">Confirm</a></p>',
  TextBody: "Your code is 730291.\nConfirm: https://app.example/confirm?token=abc&user=7",
  Tag: "sign-up",
};

describe("waiting for a message", () => {
  it("answers with a message sent over SMTP, and reads its links and codes", async () => {
    const token = "wait-smtp";
    const server = (await call(mock.url, "GET", "/server", { headers: { "X-Postmark-Server-Token": token } })).json as { ID: number };
    const waiting = call(mock.url, "GET", "/__mock/api/wait", { query: { to: "new-user@example.org", tag: "sign-up", server: server.ID, timeout: 20 } });
    await nodemailer
      .createTransport({ host: "127.0.0.1", port: mock.smtp!.port, ignoreTLS: true, auth: { user: token, pass: token } })
      .sendMail({ from: signUp.From, to: "new-user@example.org", subject: signUp.Subject, html: signUp.HtmlBody, text: signUp.TextBody, headers: { "X-PM-Tag": "sign-up" } });
    const found = await waiting;
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ Subject: "Confirm your address", ServerID: server.ID, Tag: "sign-up" });

    const links = await call(mock.url, "GET", `/__mock/api/messages/${found.json.MessageID}/links`);
    expect(links.json.Links).toEqual([
      { Url: "https://app.example/confirm?token=abc&user=7", Location: "HTML" },
      { Url: "https://app.example/confirm?token=abc&user=7", Location: "Text" },
    ]);
    const codes = await call(mock.url, "GET", `/__mock/api/messages/${found.json.MessageID}/codes`);
    expect(codes.json.Codes).toEqual(["730291"]);
  });

  it("answers at once with a message already sent through the API", async () => {
    const sent = await call(mock.url, "POST", "/email", { headers: { "X-Postmark-Server-Token": "wait-api" }, body: { ...signUp, To: "early@example.org" } });
    const found = await call(mock.url, "GET", "/__mock/api/wait", { query: { to: "early@example.org", subject: "Confirm" } });
    expect(found.json.MessageID).toBe(sent.json.MessageID);
  });

  it("answers 408 when nothing matching arrives in time", async () => {
    const found = await call(mock.url, "GET", "/__mock/api/wait", { query: { to: "nobody@example.org", timeout: 0.2 } });
    expect(found.status).toBe(408);
    expect(found.json).toMatchObject({ ErrorCode: 408, Message: expect.stringContaining("nobody@example.org") });
  });

  it("holds at most 64 waits open, and frees a wait's place when its client goes away", async () => {
    const clients = Array.from({ length: maxOpenWaits }, () => new AbortController());
    const waits = clients.map((client) => fetch(`${mock.url}/__mock/api/wait?to=never@example.org&timeout=120`, { signal: client.signal }).catch(() => undefined));
    const oneMore = () => call(mock.url, "GET", "/__mock/api/wait", { query: { to: "never@example.org", timeout: 0.05 } });
    await vi.waitFor(async () => expect((await oneMore()).status).toBe(429), { timeout: 10_000, interval: 50 });
    expect((await oneMore()).json).toMatchObject({ ErrorCode: 429, Message: expect.stringContaining("64 waits are open") });
    for (const client of clients) client.abort();
    await Promise.all(waits);
    // Without the client's departure ending each wait, these places would stay taken for 120 s.
    await vi.waitFor(async () => expect((await oneMore()).status).toBe(408), { timeout: 10_000, interval: 50 });
  });

  it("refuses a timeout past 300 seconds", async () => {
    expect((await call(mock.url, "GET", "/__mock/api/wait", { query: { timeout: 301 } })).status).toBe(422);
  });

  it("waits, then follows the link and reads the code, through the test helpers", async () => {
    const token = "wait-helpers";
    const waiting = waitForEmail(mock, { to: "helper@example.org", token });
    await call(mock.url, "POST", "/email", { headers: { "X-Postmark-Server-Token": token }, body: { ...signUp, To: "helper@example.org" } });
    const message = await waiting;
    expect(linksOf(message).map((link) => link.Url)).toContain("https://app.example/confirm?token=abc&user=7");
    expect(codeOf(message)).toBe("730291");
  });
});

describe("health checks", () => {
  it.each(["/__mock/livez", "/__mock/readyz"])("%s answers 200", async (path) => {
    const answer = await call(mock.url, "GET", path);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ Status: "ok" });
  });
});
