// The local Postmark over SMTP, with real clients: nodemailer's SMTP transport (plain and with
// STARTTLS, each AUTH mechanism), Python's smtplib where the machine has python3, and raw SMTP
// conversations for the refusals. Every message is then read back through Postmark's API.
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../test/support.js";
import { base64, converse } from "../../test/smtp-client.js";
import { startReceiver, type Receiver } from "../../test/webhooks.js";
import { startMockServer, type RunningMock } from "../http/server.js";

let mock: RunningMock;
let receiver: Receiver;
const lines: string[] = [];
beforeAll(async () => {
  mock = await startMockServer({ port: 0, smtpPort: 0, log: (line) => lines.push(line) });
  receiver = await startReceiver();
});
afterAll(async () => {
  await mock.close();
  await receiver.close();
});

const smtpPort = () => mock.smtp!.port;
const headersFor = (token: string) => ({ "X-Postmark-Server-Token": token });

function transport(token: string, options: { tls?: boolean; method?: "PLAIN" | "LOGIN" | "CRAM-MD5"; pass?: string } = {}) {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port: smtpPort(),
    secure: false,
    ...(options.tls ? { requireTLS: true, tls: { rejectUnauthorized: false } } : { ignoreTLS: true }),
    auth: { user: token, pass: options.pass ?? token, ...(options.method ? { method: options.method } : {}) },
  });
}

/** The MessageID in a `250 … queued as <id>` reply. */
function queuedId(response: string): string {
  const id = /queued as ([0-9a-f-]{36})/.exec(response)?.[1];
  expect(id, response).toBeDefined();
  return id!;
}

async function outbound(token: string, query: Record<string, string>) {
  const found = await call(mock.url, "GET", "/messages/outbound", { headers: headersFor(token), query: { count: 50, offset: 0, ...query } });
  expect(found.status).toBe(200);
  return found.json as { TotalCount: number; Messages: Record<string, unknown>[] };
}

describe("sending over SMTP", () => {
  it("takes a message over a plain connection (AUTH PLAIN): found by tag, metadata, stream and recipients, with its source, and its webhooks fire", async () => {
    const token = "smtp-plain";
    const stream = await call(mock.url, "POST", "/message-streams", { headers: headersFor(token), body: { ID: "newsletters", Name: "Newsletters", MessageStreamType: "Broadcasts" } });
    expect(stream.status).toBe(200);
    const hook = await call(mock.url, "POST", "/webhooks", { headers: headersFor(token), body: { Url: `${receiver.url}/plain`, MessageStream: "newsletters", Triggers: { Delivery: { Enabled: true } } } });
    expect(hook.status).toBe(200);

    const info = await transport(token, { method: "PLAIN" }).sendMail({
      from: "Acme <app@example.com>",
      to: "Jane Doe <jane@example.org>",
      cc: "bob@example.org",
      bcc: "hidden@example.org",
      subject: "Welcome over SMTP",
      text: "Hello Jane",
      html: "<p>Hello <b>Jane</b></p>",
      headers: { "X-PM-Tag": "welcome", "X-PM-Metadata-customer": "c-42", "X-PM-Message-Stream": "newsletters", "X-Custom": "kept" },
    });
    const messageId = queuedId(info.response);

    const found = await outbound(token, { tag: "welcome", messagestream: "newsletters", recipient: "jane@example.org", metadata_customer: "c-42" });
    expect(found.TotalCount).toBe(1);
    expect(found.Messages[0]).toMatchObject({
      MessageID: messageId,
      Tag: "welcome",
      MessageStream: "newsletters",
      From: "Acme <app@example.com>",
      Subject: "Welcome over SMTP",
      To: [{ Email: "jane@example.org", Name: "Jane Doe" }],
      Cc: [{ Email: "bob@example.org", Name: null }],
      Bcc: [{ Email: "hidden@example.org", Name: null }],
      Recipients: ["jane@example.org", "bob@example.org", "hidden@example.org"],
      // The key as the header spells it: nodemailer writes header names capitalised, X-Pm-Metadata-Customer.
      Metadata: { Customer: "c-42" },
    });
    const details = await call(mock.url, "GET", `/messages/outbound/${messageId}/details`, { headers: headersFor(token) });
    expect(details.json).toMatchObject({ TextBody: expect.stringContaining("Hello Jane"), HtmlBody: expect.stringContaining("<b>Jane</b>") });
    expect(details.json.MessageEvents.map((event: { Type: string }) => event.Type)).toEqual(["Delivered", "Delivered", "Delivered"]);

    const dump = (await call(mock.url, "GET", `/messages/outbound/${messageId}/dump`, { headers: headersFor(token) })).json.Body as string;
    const [head = ""] = dump.split("\r\n\r\n");
    expect(head).toContain("X-Custom: kept");
    expect(head).toContain(`X-PM-Message-Id: ${messageId}`);
    expect(head).toMatch(/^Content-Type: multipart\/alternative;\s+boundary=/m);
    expect(head).not.toMatch(/^Bcc:/im);
    expect(head).not.toMatch(/^X-PM-Message-Stream:/im);

    const posts = await receiver.waitForPosts(3);
    const deliveries = posts.filter((post) => post.path === "/plain").map((post) => JSON.parse(post.body) as { MessageID: string; Recipient: string; Tag: string });
    expect(deliveries.map((post) => post.Recipient).sort()).toEqual(["bob@example.org", "hidden@example.org", "jane@example.org"]);
    expect(deliveries.every((post) => post.MessageID === messageId && post.Tag === "welcome")).toBe(true);
  });

  it.each(["LOGIN", "CRAM-MD5"] as const)("takes a message after STARTTLS with AUTH %s, to the outbound stream by default", async (method) => {
    const token = `smtp-tls-${method.toLowerCase()}`;
    const info = await transport(token, { tls: true, method }).sendMail({
      from: "app@example.com",
      to: "reader@example.org",
      subject: `Over TLS with ${method}`,
      text: "Secret",
      messageId: `<kept-${method.toLowerCase()}@example.com>`,
      headers: { "X-PM-KeepID": "true", "X-PM-TrackOpens": "true", "X-PM-TrackLinks": "HtmlOnly" },
    });
    const messageId = queuedId(info.response);
    const found = await outbound(token, { recipient: "reader@example.org" });
    expect(found.Messages[0]).toMatchObject({ MessageID: messageId, MessageStream: "outbound", TrackOpens: true, TrackLinks: "HtmlOnly", Subject: `Over TLS with ${method}` });
    const dump = (await call(mock.url, "GET", `/messages/outbound/${messageId}/dump`, { headers: headersFor(token) })).json.Body as string;
    expect(dump).toContain(`Message-ID: <kept-${method.toLowerCase()}@example.com>`);
  });

  it("gives a message Postmark's own Message-ID unless X-PM-KeepID asks to keep the sender's", async () => {
    const token = "smtp-message-id";
    const info = await transport(token).sendMail({ from: "app@example.com", to: "reader@example.org", subject: "New ID", text: "Hi", messageId: "<mine@example.com>" });
    const messageId = queuedId(info.response);
    const dump = (await call(mock.url, "GET", `/messages/outbound/${messageId}/dump`, { headers: headersFor(token) })).json.Body as string;
    expect(dump).not.toContain("mine@example.com");
    expect(dump).toMatch(new RegExp(`^Message-ID: <${messageId}@`, "m"));
  });

  it("bounces a bounce-testing recipient, then reports the suppressed address as an SMTPApiError bounce, posted only with EnableSmtpApiErrorHooks", async () => {
    const token = "smtp-bounces";
    await call(mock.url, "PUT", "/server", { headers: headersFor(token), body: { BounceHookUrl: `${receiver.url}/bounces` } });
    const address = "HardBounce@bounce-testing.postmarkapp.com";
    const first = queuedId((await transport(token).sendMail({ from: "app@example.com", to: address, subject: "Bounce me", text: "Hi" })).response);
    const bounces = await call(mock.url, "GET", "/bounces", { headers: headersFor(token), query: { count: 10, offset: 0 } });
    expect(bounces.json.Bounces).toMatchObject([{ Type: "HardBounce", MessageID: first, Email: address, Inactive: true }]);

    // The address is now inactive: the SMTP transaction still succeeds, and the refusal is a bounce.
    const second = queuedId((await transport(token).sendMail({ from: "app@example.com", to: address, subject: "Again", text: "Hi" })).response);
    const smtpErrors = await call(mock.url, "GET", "/bounces", { headers: headersFor(token), query: { count: 10, offset: 0, type: "SMTPApiError" } });
    expect(smtpErrors.json.Bounces).toMatchObject([{ Type: "SMTPApiError", MessageID: second, Email: address, Inactive: false, Details: expect.stringContaining("ErrorCode 406") }]);
    const stats = await call(mock.url, "GET", "/stats/outbound", { headers: headersFor(token) });
    expect(stats.json).toMatchObject({ SMTPApiErrors: 1 });

    await mock.webhooks!.idle();
    const posted = () => receiver.posts.filter((post) => post.path === "/bounces").map((post) => (JSON.parse(post.body) as { Type: string }).Type);
    expect(posted()).toEqual(["HardBounce"]);
    await call(mock.url, "PUT", "/server", { headers: headersFor(token), body: { EnableSmtpApiErrorHooks: true } });
    await transport(token).sendMail({ from: "app@example.com", to: address, subject: "Once more", text: "Hi" });
    await receiver.waitForPosts(receiver.posts.length + 1);
    expect(posted()).toEqual(["HardBounce", "SMTPApiError"]);
  });

  it("reports a message the API would refuse (a stream that does not exist) as SMTPApiError bounces for its recipients", async () => {
    const token = "smtp-bad-stream";
    const info = await transport(token).sendMail({ from: "app@example.com", to: "a@example.org, b@example.org", subject: "Lost", text: "Hi", headers: { "X-PM-Message-Stream": "nowhere" } });
    const messageId = queuedId(info.response);
    const bounces = await call(mock.url, "GET", "/bounces", { headers: headersFor(token), query: { count: 10, offset: 0, messagestream: "nowhere" } });
    expect(bounces.json.Bounces.map((bounce: { Email: string; Type: string; MessageID: string; Details: string }) => [bounce.Email, bounce.Type, bounce.MessageID, /ErrorCode 1235/.test(bounce.Details)]).sort()).toEqual([
      ["a@example.org", "SMTPApiError", messageId, true],
      ["b@example.org", "SMTPApiError", messageId, true],
    ]);
  });

  it("takes an SMTP token made through the mock API: its access key and secret log in, and its stream wins over X-PM-Message-Stream", async () => {
    const token = "smtp-token-owner";
    const server = (await call(mock.url, "GET", "/server", { headers: headersFor(token) })).json as { ID: number };
    const made = await call(mock.url, "POST", `/__mock/api/servers/${server.ID}/smtp-tokens`, { body: { MessageStream: "broadcast" } });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ MessageStream: "broadcast", ServerID: server.ID });
    const { AccessKey, SecretKey } = made.json as { AccessKey: string; SecretKey: string };
    const listed = await call(mock.url, "GET", `/__mock/api/servers/${server.ID}/smtp-tokens`);
    expect(listed.json.SmtpTokens).toEqual([made.json]);

    for (const method of ["PLAIN", "CRAM-MD5"] as const) {
      const info = await transport(AccessKey, { pass: SecretKey, method }).sendMail({
        from: "news@example.com",
        to: "reader@example.org",
        subject: `Newsletter via ${method}`,
        text: "News",
        headers: { "X-PM-Message-Stream": "outbound" },
      });
      const found = await outbound(token, { messagestream: "broadcast", subject: `Newsletter via ${method}` });
      expect(found.Messages).toMatchObject([{ MessageID: queuedId(info.response), MessageStream: "broadcast" }]);
    }
    await expect(transport(AccessKey, { pass: "wrong" }).sendMail({ from: "news@example.com", to: "reader@example.org", subject: "No", text: "No" })).rejects.toMatchObject({ responseCode: 535 });
    const inbound = await call(mock.url, "POST", `/__mock/api/servers/${server.ID}/smtp-tokens`, { body: { MessageStream: "inbound" } });
    expect(inbound.json).toMatchObject({ ErrorCode: 1236 });
  });

  const python = spawnSync("python3", ["--version"]).status === 0;
  it.skipIf(!python)(`takes a message from Python's smtplib with STARTTLS${python ? "" : " (skipped: python3 is not on this machine)"}`, async () => {
    const token = "smtp-python";
    const script = [
      "import smtplib, ssl, sys",
      "from email.message import EmailMessage",
      "message = EmailMessage()",
      "message['From'] = 'Py App <py@example.com>'",
      "message['To'] = 'reader@example.org'",
      "message['Subject'] = 'From smtplib'",
      "message['X-PM-Tag'] = 'python'",
      "message['X-PM-Metadata-lang'] = 'py'",
      "message.set_content('Hello from Python')",
      "with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=20) as smtp:",
      "    smtp.starttls(context=ssl._create_unverified_context())",
      "    smtp.login(sys.argv[2], sys.argv[2])",
      "    print(smtp.send_message(message))",
    ].join("\n");
    // Asynchronously: the listener runs in this process and must go on answering.
    const run = await promisify(execFile)("python3", ["-c", script, String(smtpPort()), token], { encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    const found = await outbound(token, { tag: "python", metadata_lang: "py" });
    expect(found.Messages).toMatchObject([{ From: "Py App <py@example.com>", To: [{ Email: "reader@example.org" }], Subject: "From smtplib", Tag: "python" }]);
  });
});

describe("what the SMTP service refuses", () => {
  it("offers STARTTLS and Postmark's AUTH mechanisms, and asks for AUTH before MAIL FROM", async () => {
    const smtp = await converse(smtpPort());
    expect(smtp.greeting).toMatch(/^220 /);
    const ehlo = await smtp.send("EHLO client.example");
    expect(ehlo).toMatch(/^250[- ]STARTTLS$/m);
    expect(ehlo).toMatch(/^250[- ]AUTH PLAIN LOGIN CRAM-MD5$/m);
    expect(ehlo).toMatch(/^250[- ]SIZE 20480000$/m);
    expect(await smtp.send("MAIL FROM:<app@example.com>")).toMatch(/^530 .*authentication required/i);
    smtp.close();
  });

  it.each([
    ["a user name that is not the password", "\0some-token\0another-token"],
    ["an empty user name", "\0\0"],
    ["an SMTP access key with a wrong secret", "\0not-an-access-key\0wrong"],
  ])("answers 535 to %s", async (_case, credentials) => {
    const smtp = await converse(smtpPort());
    await smtp.send("EHLO client.example");
    expect(await smtp.send(`AUTH PLAIN ${base64(credentials)}`)).toMatch(/^535 5\.7\.8 Error: authentication failed/);
    smtp.close();
  });

  it("refuses a server whose SmtpApiActivated is false, and takes it again once it is true", async () => {
    const token = "smtp-turned-off";
    expect((await call(mock.url, "PUT", "/server", { headers: headersFor(token), body: { SmtpApiActivated: false } })).json.SmtpApiActivated).toBe(false);
    const smtp = await converse(smtpPort());
    await smtp.send("EHLO client.example");
    expect(await smtp.send(`AUTH PLAIN ${base64(`\0${token}\0${token}`)}`)).toMatch(/^535 .*SmtpApiActivated is false/);
    smtp.close();
    await call(mock.url, "PUT", "/server", { headers: headersFor(token), body: { SmtpApiActivated: true } });
    await expect(transport(token).sendMail({ from: "app@example.com", to: "reader@example.org", subject: "On again", text: "Hi" })).resolves.toMatchObject({ response: expect.stringMatching(/^250 /) });
  });

  it("never writes a token in its log", () => {
    expect(lines.join("\n")).not.toMatch(/smtp-plain|smtp-turned-off|some-token|another-token/);
  });
});
