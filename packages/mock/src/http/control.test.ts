// The mock's own API over HTTP, driven with its generated client: every answer is checked against
// api/openapi.yaml (documented status, media type, and the JSON schema with unknown fields refused).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createPostmarkClient, PostmarkError, type PostmarkClient } from "@postmark-openapi/client";
import type { Middleware } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAnswerValidator } from "../answer-schemas.js";
import { createMockApiClient, type MockApiClient } from "../api-client.js";
import { operationsOf, type Spec } from "../front/operations.js";
import { createRouter } from "../front/router.js";
import { mockApiDocument } from "../mock-api-document.js";
import { startMockServer, type RunningMock } from "./server.js";

const document = mockApiDocument as Spec;
const route = createRouter(operationsOf(document, 0));
const checkAnswer = createAnswerValidator(document);
const checked: string[] = [];

/** Refuses any answer of the mock API that its document does not describe. */
const conformance: Middleware = {
  async onResponse({ request, response }) {
    const url = new URL(request.url);
    const match = route(request.method, url.pathname.replace(/^\/__mock\/api/, ""));
    if (!match || !("operation" in match)) throw new Error(`No mock API operation answers ${request.method} ${url.pathname}`);
    const { operation } = match;
    const documented = (document["paths"] as Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, unknown> }> }>>)[operation.path]![request.method.toLowerCase()]!.responses[String(response.status)];
    if (!documented) throw new Error(`${operation.operationId} answered ${response.status}, which its document does not list`);
    const shared = documented.$ref ? (document["components"] as { responses: Record<string, { content: Record<string, unknown> }> }).responses[documented.$ref.split("/").pop()!]! : documented;
    const mediaTypes = Object.keys(shared.content ?? {});
    const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (!mediaTypes.includes(type) && !mediaTypes.includes("*/*")) throw new Error(`${operation.operationId} answered ${type}, not ${mediaTypes.join(" or ")}`);
    if (type === "application/json") {
      const { errors } = checkAnswer(operation.operationId, response.status, await response.clone().json());
      if (errors.length > 0) throw new Error(`${operation.operationId} ${response.status} does not match the document: ${JSON.stringify(errors.slice(0, 3))}`);
    }
    checked.push(`${operation.operationId} ${response.status}`);
    return response;
  },
};

let mock: RunningMock;
let api: MockApiClient;
let postmark: PostmarkClient;
const lines: string[] = [];
const from = "app@example.com";

beforeAll(async () => {
  mock = await startMockServer({ port: 0, log: (line) => lines.push(line), webhookRetryScale: 0.001 });
  api = createMockApiClient(mock.url);
  api.use(conformance);
  postmark = createPostmarkClient({ serverToken: "control-test-token", baseUrl: mock.url, retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50 } });
});
afterAll(() => mock.close());
afterEach(async () => {
  await api.POST("/reset");
  lines.length = 0;
});

async function send(to = "jane@example.org", extra: Record<string, unknown> = {}): Promise<string> {
  const sent = await postmark.sendEmail({ body: { From: from, To: to, Subject: "Your receipt", TextBody: "Thanks!", ...extra } });
  return sent.MessageID!;
}

describe("messages", () => {
  it("lists what every server sent, newest first, filters it, and resets one server or everything", async () => {
    const first = await send("jane@example.org", { Tag: "receipts" });
    const second = await send("john@example.org", { Subject: "Welcome" });
    const other = createPostmarkClient({ serverToken: "control-test-other", baseUrl: mock.url });
    await other.sendEmail({ body: { From: from, To: "ann@example.org", Subject: "Elsewhere", TextBody: "Hi" } });

    const all = await api.GET("/messages");
    expect(all.data?.TotalCount).toBe(3);
    expect(all.data?.Messages.slice(1).map((message) => message.MessageID)).toEqual([second, first]);
    const cases: [Record<string, string | number>, number][] = [
      [{ q: "welcome" }, 1],
      [{ recipient: "JANE@" }, 1],
      [{ tag: "RECEIPTS" }, 1],
      [{ subject: "receipt" }, 1],
      [{ from: "app@" }, 3],
      [{ stream: "outbound" }, 3],
      [{ count: 1, offset: 1 }, 3],
    ];
    for (const [query, total] of cases) {
      const page = await api.GET("/messages", { params: { query } });
      expect(page.data?.TotalCount, JSON.stringify(query)).toBe(total);
    }

    const servers = (await api.GET("/servers")).data!.Servers;
    expect(servers.map((server) => server.MessageCount).sort()).toEqual([1, 2]);
    expect(JSON.stringify(servers)).not.toContain("control-test");
    const mine = servers.find((server) => server.MessageCount === 2)!;

    expect((await api.POST("/servers/{serverId}/reset", { params: { path: { serverId: mine.ID } } })).response.status).toBe(200);
    expect((await api.GET("/messages")).data?.TotalCount).toBe(1);
    expect((await api.POST("/servers/{serverId}/reset", { params: { path: { serverId: 999 } } })).error).toMatchObject({ ErrorCode: 601 });

    await api.POST("/reset");
    expect((await api.GET("/messages")).data?.TotalCount).toBe(0);
    expect((await api.GET("/servers")).data?.Servers).toEqual([]);
  });

  it("resets one server's messages and records, and keeps its settings, streams and templates", async () => {
    const id = await send("gone@example.org", { HtmlBody: '<a href="https://example.com/">x</a>', TrackOpens: true });
    await api.POST("/messages/{messageId}/events", { params: { path: { messageId: id } }, body: { Type: "Bounce" } });
    await api.POST("/messages/{messageId}/events", { params: { path: { messageId: id } }, body: { Type: "Open" } });
    await postmark.createTemplate({ body: { Name: "Receipt", Subject: "Receipt", TextBody: "Thanks" } });
    await postmark.editCurrentServer({ body: { Color: "red" } });
    const server = (await api.GET("/servers")).data!.Servers[0]!;
    await api.POST("/servers/{serverId}/inbound", { params: { path: { serverId: server.ID } }, body: { From: "a@example.org" } });

    await api.POST("/servers/{serverId}/reset", { params: { path: { serverId: server.ID } } });
    const page = { params: { query: { count: 10, offset: 0 } } };
    expect((await postmark.listOutboundMessages(page)).TotalCount).toBe(0);
    expect((await postmark.listBounces(page)).TotalCount).toBe(0);
    expect((await postmark.listOpens(page)).TotalCount).toBe(0);
    expect((await postmark.listInboundMessages(page)).TotalCount).toBe(0);
    expect((await postmark.listSuppressions({ params: { path: { streamId: "outbound" } } })).Suppressions).toEqual([]);
    expect((await postmark.listTemplates({ params: { query: { Count: 10, Offset: 0 } } })).TotalCount).toBe(1);
    expect((await postmark.getCurrentServer()).Color).toBe("red");
    expect((await postmark.listMessageStreams()).MessageStreams.length).toBeGreaterThan(0);
  });

  it("refuses a bad query in Postmark's shape", async () => {
    const answer = await api.GET("/messages", { params: { query: { count: 0 } } });
    expect(answer.response.status).toBe(422);
    expect(answer.error?.Message).toContain("count");
  });

  it("gives a message whole: details, source, HTML under a strict policy, attachments; and deletes it", async () => {
    const html = '<p>Hi <a href="https://example.com/receipt">receipt</a><img src="https://tracker.example/p.gif"></p><script>alert(1)</script>';
    const pdf = new Uint8Array([37, 80, 68, 70, 0, 255, 10]);
    const id = await send("jane@example.org", {
      HtmlBody: html,
      Metadata: { order: "42" },
      Attachments: [{ Name: "reçu.pdf", Content: Buffer.from(pdf).toString("base64"), ContentType: "application/pdf" }],
    });

    const message = (await api.GET("/messages/{messageId}", { params: { path: { messageId: id } } })).data!;
    expect(message).toMatchObject({ MessageID: id, HasHtml: true, HasText: true, AttachmentCount: 1, Metadata: { order: "42" }, LastEvent: "Delivered" });
    expect(message.Attachments).toEqual([{ Index: 0, Name: "reçu.pdf", ContentType: "application/pdf", ContentID: null, Size: pdf.length }]);
    expect(message.Headers.find((header) => header.Name.toLowerCase() === "subject")?.Value).toBe("Your receipt");
    expect(message.Events).toEqual([expect.objectContaining({ Recipient: "jane@example.org", Type: "Delivered" })]);

    const source = await api.GET("/messages/{messageId}/source", { params: { path: { messageId: id } }, parseAs: "text" });
    expect(source.response.headers.get("content-type")).toBe("message/rfc822");
    expect(source.data).toContain("Subject: Your receipt");

    const page = await api.GET("/messages/{messageId}/html", { params: { path: { messageId: id } }, parseAs: "text" });
    expect(page.data).toBe(html);
    const policy = page.response.headers.get("content-security-policy")!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/script-src/);
    expect(policy).toMatch(/img-src data: cid:;/);
    const remote = await api.GET("/messages/{messageId}/html", { params: { path: { messageId: id }, query: { remote: true } }, parseAs: "text" });
    expect(remote.response.headers.get("content-security-policy")).toMatch(/img-src data: cid: https: http:;/);

    const file = await api.GET("/messages/{messageId}/attachments/{index}", { params: { path: { messageId: id, index: 0 } }, parseAs: "arrayBuffer" });
    expect(new Uint8Array(file.data as ArrayBuffer)).toEqual(pdf);
    expect(file.response.headers.get("content-type")).toBe("application/pdf");
    expect(file.response.headers.get("content-disposition")).toBe(`attachment; filename="re_u.pdf"; filename*=UTF-8''re%C3%A7u.pdf`);
    expect((await api.GET("/messages/{messageId}/attachments/{index}", { params: { path: { messageId: id, index: 1 } } })).response.status).toBe(404);

    expect((await api.DELETE("/messages/{messageId}", { params: { path: { messageId: id } } })).response.status).toBe(200);
    const gone = await api.GET("/messages/{messageId}", { params: { path: { messageId: id } } });
    expect(gone.error).toMatchObject({ ErrorCode: 701 });
  });

  it("answers 404 for the HTML of a text-only message", async () => {
    const id = await send();
    expect((await api.GET("/messages/{messageId}/html", { params: { path: { messageId: id } } })).response.status).toBe(404);
  });
});

describe("events on demand", () => {
  it("records a hard bounce that GET /bounces lists and that deactivates the address", async () => {
    const id = await send("bouncy@example.org");
    const result = await api.POST("/messages/{messageId}/events", { params: { path: { messageId: id } }, body: { Type: "Bounce", BounceType: "HardBounce" } });
    expect(result.data).toMatchObject({ Type: "Bounce", Recipient: "bouncy@example.org", BounceID: expect.any(Number) });

    const bounces = await postmark.listBounces({ params: { query: { count: 10, offset: 0 } } });
    expect(bounces.Bounces).toEqual([expect.objectContaining({ ID: result.data!.BounceID, MessageID: id, Type: "HardBounce", Email: "bouncy@example.org", Inactive: true })]);
    const refused = await send("bouncy@example.org").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PostmarkError);
    expect(refused).toMatchObject({ status: 422, errorCode: 406 });
    const message = (await api.GET("/messages/{messageId}", { params: { path: { messageId: id } } })).data!;
    expect(message.LastEvent).toBe("Bounced");
  });

  it.each([
    ["SpamComplaint", { Type: "SpamComplaint" as const }, true],
    ["an unsubscribe", { Type: "SubscriptionChange" as const }, true],
    ["a soft bounce", { Type: "Bounce" as const, BounceType: "SoftBounce" as const }, false],
  ])("%s decides whether the next send to the address is refused", async (_name, event, deactivates) => {
    const id = await send("reader@example.org");
    expect((await api.POST("/messages/{messageId}/events", { params: { path: { messageId: id } }, body: event })).response.status).toBe(200);
    const next = await send("reader@example.org").then(
      () => "sent",
      (error: PostmarkError) => error.errorCode,
    );
    expect(next).toBe(deactivates ? 406 : "sent");
  });

  it("reactivates an address on a subscription change back", async () => {
    const id = await send("reader@example.org");
    const path = { params: { path: { messageId: id } } };
    await api.POST("/messages/{messageId}/events", { ...path, body: { Type: "SubscriptionChange", SuppressSending: true } });
    await api.POST("/messages/{messageId}/events", { ...path, body: { Type: "SubscriptionChange", SuppressSending: false } });
    await expect(send("reader@example.org")).resolves.toEqual(expect.any(String));
  });

  it("records an open and a click that the searches and the stats count", async () => {
    const id = await send("jane@example.org", { HtmlBody: '<a href="https://example.com/start">Start</a>', TrackOpens: true, TrackLinks: "HtmlAndText" });
    const path = { params: { path: { messageId: id } } };
    const open = await api.POST("/messages/{messageId}/events", {
      ...path,
      body: { Type: "Open", Platform: "Mobile", Client: { Name: "Apple Mail", Company: "Apple", Family: "Apple Mail" }, OS: { Name: "iOS 17", Company: "Apple", Family: "iOS" }, Geo: { Country: "Canada", City: "Toronto" } },
    });
    expect(open.data).toMatchObject({ Type: "Open", Recipient: "jane@example.org" });
    await api.POST("/messages/{messageId}/events", { ...path, body: { Type: "Click", Platform: "Desktop" } });

    const opens = await postmark.listOpens({ params: { query: { count: 10, offset: 0 } } });
    expect(opens.Opens).toEqual([expect.objectContaining({ MessageID: id, Platform: "Mobile", Geo: expect.objectContaining({ City: "Toronto" }), Client: expect.objectContaining({ Family: "Apple Mail" }) })]);
    const clicks = await postmark.listClicks({ params: { query: { count: 10, offset: 0 } } });
    expect(clicks.Clicks).toEqual([expect.objectContaining({ MessageID: id, OriginalLink: "https://example.com/start", ClickLocation: "HTML" })]);
    expect(await postmark.getOpenCounts()).toMatchObject({ Opens: 1, Unique: 1 });
    expect(await postmark.getClickCounts()).toMatchObject({ Clicks: 1, Unique: 1 });
  });

  it.each([
    ["a recipient the message does not have", { Type: "Delivery" as const, Recipient: "stranger@example.org" }, 422],
    ["a click on a message without links", { Type: "Click" as const }, 422],
    ["an unknown type", { Type: "Explode" }, 422],
  ])("refuses %s", async (_name, body, status) => {
    const id = await send();
    const answer = await api.POST("/messages/{messageId}/events", { params: { path: { messageId: id } }, body: body as never });
    expect(answer.response.status).toBe(status);
  });

  it("answers 404 for an event of a message that does not exist", async () => {
    const answer = await api.POST("/messages/{messageId}/events", { params: { path: { messageId: "no-such-message" } }, body: { Type: "Delivery" } });
    expect(answer.error).toMatchObject({ ErrorCode: 701 });
  });
});

describe("inbound email", () => {
  async function serverId(): Promise<{ ID: number; InboundAddress: string }> {
    await postmark.getCurrentServer();
    return (await api.GET("/servers")).data!.Servers[0]!;
  }

  it("stores an email given as fields or as raw source where GET /messages/inbound finds it", async () => {
    const server = await serverId();
    const byFields = await api.POST("/servers/{serverId}/inbound", { params: { path: { serverId: server.ID } }, body: { From: "Jane Doe <jane@example.org>", Subject: "Re: Your invoice", TextBody: "Thanks, received." } });
    expect(byFields.data).toMatchObject({ Status: "Processed" });
    const raw = [
      "From: =?utf-8?Q?Jos=C3=A9?= <jose@example.net>",
      `To: support+4521@example.com`,
      "Subject: Question about order 4521",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Where is my parcel?",
      "--b1",
      'Content-Type: text/plain; name="notes.txt"',
      'Content-Disposition: attachment; filename="notes.txt"',
      "Content-Transfer-Encoding: base64",
      "",
      Buffer.from("order 4521").toString("base64"),
      "--b1--",
      "",
    ].join("\r\n");
    const byRaw = await api.POST("/servers/{serverId}/inbound", { params: { path: { serverId: server.ID } }, body: { Raw: raw } });
    expect(byRaw.data).toMatchObject({ Status: "Processed" });

    const inbound = await postmark.listInboundMessages({ params: { query: { count: 10, offset: 0 } } });
    expect(inbound.TotalCount).toBe(2);
    const fromRaw = inbound.InboundMessages.find((message) => message.MessageID === byRaw.data!.MessageID)!;
    expect(fromRaw).toMatchObject({ From: "jose@example.net", FromName: "José", Subject: "Question about order 4521", MailboxHash: "4521" });
    expect(fromRaw.Attachments).toEqual([expect.objectContaining({ Name: "notes.txt", ContentType: "text/plain", ContentLength: 10 })]);
    const details = await postmark.getInboundMessageDetails({ params: { path: { messageid: byRaw.data!.MessageID } } });
    expect(details.TextBody?.trim()).toBe("Where is my parcel?");
    const fromFields = inbound.InboundMessages.find((message) => message.MessageID === byFields.data!.MessageID)!;
    expect(fromFields).toMatchObject({ From: "jane@example.org", To: server.InboundAddress });
  });

  it.each([
    ["Raw with fields", { Raw: "From: a@example.org\r\n\r\nHi", Subject: "Hi" }, 422],
    ["neither Raw nor From", { Subject: "Hi" }, 422],
  ])("refuses %s", async (_name, body, status) => {
    const server = await serverId();
    expect((await api.POST("/servers/{serverId}/inbound", { params: { path: { serverId: server.ID } }, body })).response.status).toBe(status);
  });

  it("answers 404 for a server that does not exist", async () => {
    expect((await api.POST("/servers/{serverId}/inbound", { params: { path: { serverId: 4242 } }, body: { From: "a@example.org" } })).error).toMatchObject({ ErrorCode: 601 });
  });
});

describe("the change stream", () => {
  it("sends a message event for a send, a change for a new event, and a reset", async () => {
    const controller = new AbortController();
    const stream = await api.GET("/stream", { parseAs: "stream", signal: controller.signal });
    const reader = stream.data!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const until = async (pattern: RegExp): Promise<RegExpExecArray> => {
      for (;;) {
        const found = pattern.exec(text);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${pattern}`);
        text += value;
      }
    };
    await until(/: connected/);
    const id = await send();
    const message = JSON.parse((await until(/event: message\ndata: (.*)\n\n/))[1]!) as { MessageID: string; LastEvent: string };
    expect(message).toMatchObject({ MessageID: id, LastEvent: "Delivered" });
    await api.POST("/messages/{messageId}/events", { params: { path: { messageId: id } }, body: { Type: "Open" } });
    expect(JSON.parse((await until(/event: change\ndata: (.*)\n\n/))[1]!)).toEqual({ MessageID: id });
    await api.POST("/reset");
    await until(/event: reset\n/);
    controller.abort();
  });
});

describe("faults", () => {
  const count = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).length;

  it("makes a GET meet a 429, which the client retries after Retry-After", async () => {
    await postmark.getCurrentServer();
    const fault = await api.POST("/faults", { body: { Method: "GET", Path: "/server", Status: 429, RetryAfter: 0 } });
    expect(fault.data).toMatchObject({ ID: expect.any(Number), Count: 1, Remaining: 1, RetryAfter: 0 });
    expect((await api.GET("/faults")).data?.Faults).toHaveLength(1);
    await expect(postmark.getCurrentServer()).resolves.toMatchObject({ Name: expect.any(String) });
    expect(count(/^GET \/server 429 \(fault\)$/)).toBe(1);
    expect(count(/^GET \/server 200 /)).toBe(2);
    expect((await api.GET("/faults")).data?.Faults).toEqual([]);
  });

  it("makes a send meet a 500, which the client does not retry, and nothing is stored", async () => {
    await api.POST("/faults", { body: { Method: "POST", Path: "/email", Status: 500 } });
    const failure = await send().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PostmarkError);
    expect(failure).toMatchObject({ status: 500, errorCode: 1 });
    expect(count(/^POST \/email /)).toBe(1);
    expect((await api.GET("/messages")).data?.TotalCount).toBe(0);
  });

  it("answers 503 with Postmark's maintenance body, for as many requests as asked, on a matching pattern only", async () => {
    await api.POST("/faults", { body: { Method: "*", Path: "/messages/outbound/*/details", Count: 2, Status: 503 } });
    const headers = { "X-Postmark-Server-Token": "control-test-token", Accept: "application/json" };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${mock.url}/messages/outbound/some-id/details`, { headers })).status);
    const untouched = await fetch(`${mock.url}/messages/outbound`, { headers });
    expect(statuses).toEqual([503, 503, 422]);
    expect(untouched.status).toBe(422);
  });

  it("delays an answer, then answers as usual", async () => {
    await api.POST("/faults", { body: { Method: "GET", Path: "/server", DelayMs: 300 } });
    const started = performance.now();
    await expect(postmark.getCurrentServer()).resolves.toMatchObject({ Name: expect.any(String) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("drops the connection, which fetch reports as a network error and the client retries", async () => {
    await api.POST("/faults", { body: { Method: "GET", Path: "/**", Count: 1, Drop: true } });
    await expect(fetch(`${mock.url}/server`, { headers: { "X-Postmark-Server-Token": "control-test-token", Accept: "application/json" } })).rejects.toThrow(TypeError);
    await api.POST("/faults", { body: { Method: "GET", Path: "/server", Drop: true } });
    await expect(postmark.getCurrentServer()).resolves.toMatchObject({ Name: expect.any(String) });
    expect(count(/dropped \(fault\)$/)).toBe(2);
  });

  it.each([
    ["two kinds at once", { Method: "GET", Path: "/server", Status: 500, Drop: true }],
    ["no kind", { Method: "GET", Path: "/server" }],
    ["RetryAfter without 429", { Method: "GET", Path: "/server", Status: 500, RetryAfter: 3 }],
    ["a status that is not offered", { Method: "GET", Path: "/server", Status: 502 }],
    ["a method that is not one", { Method: "GET /", Path: "/server", Status: 500 }],
  ])("refuses a fault with %s", async (_name, body) => {
    const answer = await api.POST("/faults", { body: body as never });
    expect(answer.response.status).toBe(422);
  });

  it("clears faults, and a reset clears them too", async () => {
    await api.POST("/faults", { body: { Method: "GET", Path: "/server", Status: 500 } });
    await api.DELETE("/faults");
    expect((await api.GET("/faults")).data?.Faults).toEqual([]);
    await api.POST("/faults", { body: { Method: "GET", Path: "/server", Status: 500 } });
    await api.POST("/reset");
    expect((await api.GET("/faults")).data?.Faults).toEqual([]);
  });

  it("leaves the mock API alone", async () => {
    await api.POST("/faults", { body: { Method: "*", Path: "/**", Status: 500 } });
    expect((await api.GET("/faults")).response.status).toBe(200);
  });
});

describe("webhook deliveries", () => {
  it("shows the attempts the mock made, filtered, and with the message they belong to; a reset clears them", async () => {
    const received: string[] = [];
    const receiver = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        received.push(request.url ?? "");
        response.writeHead(request.url === "/fails" ? 400 : 200).end("ok");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      await postmark.createWebhook({ body: { Url: `${base}/hooks`, Triggers: { Delivery: { Enabled: true }, Bounce: { Enabled: true } } } });
      await postmark.createWebhook({ body: { Url: `${base}/fails`, Triggers: { Delivery: { Enabled: true } } } });
      const id = await send();
      await send("HardBounce@bounce-testing.postmarkapp.com");
      await mock.webhooks!.idle();
      const all = (await api.GET("/webhook-deliveries")).data!.Deliveries;
      expect(all.map((entry) => `${entry.RecordType} ${new URL(entry.Url).pathname} ${entry.Outcome}`).sort()).toEqual(["Bounce /hooks delivered", "Delivery /fails failed", "Delivery /hooks delivered"]);
      const bounces = (await api.GET("/webhook-deliveries", { params: { query: { recordType: "Bounce" } } })).data!.Deliveries;
      expect(bounces).toHaveLength(1);
      expect((await api.GET("/webhook-deliveries", { params: { query: { recordType: "Nope" as never } } })).response.status).toBe(422);
      const message = (await api.GET("/messages/{messageId}", { params: { path: { messageId: id } } })).data!;
      expect(message.WebhookDeliveries.map((entry) => entry.Status).sort()).toEqual([200, 400]);
      await api.POST("/reset");
      expect((await api.GET("/webhook-deliveries")).data!.Deliveries).toEqual([]);
    } finally {
      receiver.close();
    }
  });
});

describe("CORS", () => {
  it("answers preflights and adds CORS headers to the mock API for the origins given", async () => {
    await using cors = await startMockServer({ port: 0, quiet: true, cors: ["http://localhost:5173"] });
    const preflight = await fetch(`${cors.url}/__mock/api/messages`, { method: "OPTIONS", headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "GET" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const listed = await fetch(`${cors.url}/__mock/api/messages`, { headers: { Origin: "http://localhost:5173" } });
    expect(listed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const other = await fetch(`${cors.url}/__mock/api/messages`, { headers: { Origin: "http://localhost:3000" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const plain = await fetch(`${mock.url}/__mock/api/messages`, { headers: { Origin: "http://localhost:5173" } });
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });
});

it("checked every answer against the document", () => {
  expect(checked.length).toBeGreaterThan(50);
});
