import { parseWebhook } from "@postmark-openapi/client";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test/harness.js";
import { startReceiver, webhookSchemaErrors, type ReceivedPost, type Receiver } from "../../test/webhooks.js";
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from "./dispatcher.js";

const everything = {
  Open: { Enabled: true, PostFirstOpenOnly: false },
  Click: { Enabled: true },
  Delivery: { Enabled: true },
  Bounce: { Enabled: true, IncludeContent: false },
  SpamComplaint: { Enabled: true, IncludeContent: false },
  SubscriptionChange: { Enabled: true },
};

interface Setup {
  mock: Harness;
  hooks: WebhookDispatcher;
  receiver: Receiver;
  lines: string[];
  serverId: number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** An emulator whose events go to a dispatcher, and a receiver; a minute of Postmark's schedule lasts 30 ms. */
async function setup(options: Partial<WebhookDispatcherOptions> = {}): Promise<Setup> {
  const lines: string[] = [];
  let hooks: WebhookDispatcher | undefined;
  const mock = createHarness();
  mock.emulator.subscribe((notice) => {
    if (notice.type === "event") hooks?.handle(notice);
  });
  const dispatcher = createWebhookDispatcher({ retryScale: 0.0005, log: (line) => lines.push(line), ...options });
  hooks = dispatcher;
  const receiver = await startReceiver();
  cleanups.push(
    () => dispatcher.close(),
    () => receiver.close(),
  );
  const serverId = (await mock.call("GET", "/server")).json.ID as number;
  return { mock, hooks: dispatcher, receiver, lines, serverId };
}

async function addWebhook(mock: Harness, body: Record<string, unknown>): Promise<void> {
  const answer = await mock.call("POST", "/webhooks", { body });
  expect(answer.status).toBe(200);
}

async function send(mock: Harness, to: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await mock.call("POST", "/email", { body: { From: "app@example.com", To: to, Subject: "Hello", TextBody: "Hi", HtmlBody: "<p>Hi</p>", Tag: "welcome", Metadata: { order: "42" }, ...extra } });
  expect(answer.status).toBe(200);
  return answer.json.MessageID as string;
}

/** Records a spam complaint about a sent message, as the emulator records one (sends can only bounce). */
async function complain(mock: Harness, messageId: string): Promise<void> {
  await mock.emulator.simulate(messageId, { Type: "SpamComplaint" });
}

function json(post: { body: string }): Record<string, unknown> {
  return JSON.parse(post.body) as Record<string, unknown>;
}

describe("posting events to stream webhooks", () => {
  it("posts a Delivery and a Bounce with the webhook's Basic auth and headers; both fit the spec and parse", async () => {
    const { mock, hooks, receiver } = await setup();
    await addWebhook(mock, {
      Url: `${receiver.url}/postmark`,
      HttpAuth: { Username: "hook-user", Password: "hook-pass" },
      HttpHeaders: [{ Name: "X-Hook-Secret", Value: "s3cret" }],
      Triggers: { Delivery: { Enabled: true }, Bounce: { Enabled: true } },
    });
    const delivered = await send(mock, "reader@example.org");
    const bounced = await send(mock, "hardbounce@bounce-testing.postmarkapp.com");
    const posts = await receiver.waitForPosts(2);
    await hooks.idle();

    const byType: Record<string, ReceivedPost> = Object.fromEntries(posts.map((post) => [String(json(post)["RecordType"]), post]));
    expect(Object.keys(byType).sort()).toEqual(["Bounce", "Delivery"]);
    for (const [recordType, post] of Object.entries(byType)) {
      expect(post!.method).toBe("POST");
      expect(post!.path).toBe("/postmark");
      expect(post!.headers["content-type"]).toBe("application/json");
      expect(post!.headers["authorization"]).toBe(`Basic ${Buffer.from("hook-user:hook-pass").toString("base64")}`);
      expect(post!.headers["x-hook-secret"]).toBe("s3cret");
      expect(post!.headers["x-pm-webhook-trace-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(webhookSchemaErrors(recordType, json(post!))).toEqual([]);
      expect(parseWebhook(post!.body).RecordType).toBe(recordType);
    }
    expect(json(byType["Delivery"]!)).toMatchObject({ MessageID: delivered, Recipient: "reader@example.org", Tag: "welcome", Metadata: { order: "42" } });
    expect(json(byType["Bounce"]!)).toMatchObject({ MessageID: bounced, Email: "hardbounce@bounce-testing.postmarkapp.com", Type: "HardBounce", Inactive: true });
    expect(json(byType["Bounce"]!)).not.toHaveProperty("Content");
    // The check is closed: a field the spec does not name is an error.
    expect(webhookSchemaErrors("Delivery", { ...json(byType["Delivery"]!), Unexpected: 1 })).not.toEqual([]);
  });

  it("posts only the events whose trigger is on, and only for the webhook's own stream", async () => {
    const { mock, hooks, receiver } = await setup();
    await addWebhook(mock, { Url: `${receiver.url}/bounces-only`, Triggers: { Bounce: { Enabled: true } } });
    await addWebhook(mock, { Url: `${receiver.url}/broadcast`, MessageStream: "broadcast", Triggers: everything });
    await send(mock, "reader@example.org");
    await send(mock, "softbounce@bounce-testing.postmarkapp.com");
    await receiver.waitForPosts(1);
    await hooks.idle();
    expect(receiver.posts.map((post) => [post.path, json(post)["RecordType"]])).toEqual([["/bounces-only", "Bounce"]]);
  });

  it.each([
    { trigger: "Bounce", address: "hardbounce@bounce-testing.postmarkapp.com", complaint: false },
    { trigger: "SpamComplaint", address: "reader@example.org", complaint: true },
  ])("adds the bounce message to a $trigger payload only when IncludeContent is on", async ({ trigger, address, complaint }) => {
    const { mock, hooks, receiver } = await setup();
    await addWebhook(mock, { Url: `${receiver.url}/with`, Triggers: { [trigger]: { Enabled: true, IncludeContent: true } } });
    await addWebhook(mock, { Url: `${receiver.url}/without`, Triggers: { [trigger]: { Enabled: true, IncludeContent: false } } });
    const messageId = await send(mock, address);
    if (complaint) await complain(mock, messageId);
    await receiver.waitForPosts(2);
    await hooks.idle();
    const byPath = Object.fromEntries(receiver.posts.map((post) => [post.path, json(post)]));
    expect(byPath["/with"]).toMatchObject({ RecordType: trigger, Content: expect.stringContaining("could not be delivered") });
    expect(byPath["/without"]).not.toHaveProperty("Content");
    for (const payload of Object.values(byPath)) expect(webhookSchemaErrors(trigger, payload)).toEqual([]);
  });
});

describe("opens", () => {
  /** Opens a sent message `times` times as its first recipient, the way a tracking pixel would. */
  async function open(setup: Setup, messageId: string, times: number): Promise<void> {
    for (let i = 0; i < times; i++) await setup.mock.emulator.simulate(messageId, { Type: "Open", Platform: "Desktop" });
  }

  it("posts every open, or only the first one per recipient with PostFirstOpenOnly", async () => {
    const context = await setup();
    const { mock, hooks, receiver } = context;
    await addWebhook(mock, { Url: `${receiver.url}/every`, Triggers: { Open: { Enabled: true, PostFirstOpenOnly: false } } });
    await addWebhook(mock, { Url: `${receiver.url}/first`, Triggers: { Open: { Enabled: true, PostFirstOpenOnly: true } } });
    const messageId = await send(mock, "reader@example.org", { TrackOpens: true });
    await open(context, messageId, 3);
    await receiver.waitForPosts(4);
    await hooks.idle();
    const paths = receiver.posts.map((post) => post.path);
    expect(paths.filter((path) => path === "/every")).toHaveLength(3);
    expect(paths.filter((path) => path === "/first")).toHaveLength(1);
    const first = receiver.posts.find((post) => post.path === "/first")!;
    expect(json(first)).toMatchObject({ RecordType: "Open", FirstOpen: true, MessageID: messageId });
    for (const post of receiver.posts) expect(webhookSchemaErrors("Open", json(post))).toEqual([]);
  });

  it("posts no open of a message sent without open tracking", async () => {
    const context = await setup();
    const { mock, hooks, receiver } = context;
    await addWebhook(mock, { Url: `${receiver.url}/opens`, Triggers: { Open: { Enabled: true, PostFirstOpenOnly: false } } });
    const messageId = await send(mock, "reader@example.org", { TrackOpens: false });
    await open(context, messageId, 1);
    await hooks.idle();
    expect(receiver.posts).toEqual([]);
    expect(hooks.deliveries()).toEqual([]);
  });
});

describe("clicks", () => {
  it("posts a click on a tracked link with the spec's Click payload", async () => {
    const { mock, hooks, receiver } = await setup();
    await addWebhook(mock, { Url: `${receiver.url}/clicks`, Triggers: { Click: { Enabled: true } } });
    const messageId = await send(mock, "reader@example.org", { TrackLinks: "HtmlAndText", HtmlBody: '<a href="https://example.com/offer">Offer</a>' });
    await mock.emulator.simulate(messageId, { Type: "Click", Link: "https://example.com/offer", Platform: "Mobile" });
    const [post] = await receiver.waitForPosts(1);
    await hooks.idle();
    expect(webhookSchemaErrors("Click", json(post!))).toEqual([]);
    expect(parseWebhook(post!.body)).toMatchObject({ RecordType: "Click", OriginalLink: "https://example.com/offer", MessageID: messageId });
  });
});

describe("the server's hook URLs", () => {
  it("posts deliveries, bounces (with IncludeBounceContentInHook) and spam complaints to them", async () => {
    const { mock, hooks, receiver } = await setup();
    const edit = await mock.call("PUT", "/server", {
      body: { DeliveryHookUrl: `${receiver.url}/delivery`, BounceHookUrl: `${receiver.url}/bounce`, IncludeBounceContentInHook: true },
    });
    expect(edit.status).toBe(200);
    const delivered = await send(mock, "reader@example.org");
    await send(mock, "hardbounce@bounce-testing.postmarkapp.com");
    await complain(mock, delivered);
    await receiver.waitForPosts(3);
    await hooks.idle();
    const seen = receiver.posts.map((post) => [post.path, json(post)["RecordType"], "Content" in json(post)]);
    expect(seen.sort()).toEqual([
      ["/bounce", "Bounce", true],
      ["/bounce", "SpamComplaint", true],
      ["/delivery", "Delivery", false],
    ]);
    for (const post of receiver.posts) expect(webhookSchemaErrors(String(json(post)["RecordType"]), json(post))).toEqual([]);
  });

  it("posts an event once to a URL that is both a hook URL and a stream webhook, with the webhook's credentials", async () => {
    const { mock, hooks, receiver } = await setup();
    await mock.call("PUT", "/server", { body: { DeliveryHookUrl: `${receiver.url}/same` } });
    await addWebhook(mock, { Url: `${receiver.url}/same`, HttpAuth: { Username: "u", Password: "p" }, Triggers: { Delivery: { Enabled: true } } });
    await send(mock, "reader@example.org");
    await receiver.waitForPosts(1);
    await hooks.idle();
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]!.headers["authorization"]).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
  });

  it("posts nothing of other streams to them", async () => {
    const { mock, hooks, receiver } = await setup();
    await mock.call("PUT", "/server", { body: { DeliveryHookUrl: `${receiver.url}/delivery` } });
    await send(mock, "reader@example.org", { MessageStream: "broadcast" });
    await hooks.idle();
    expect(receiver.posts).toEqual([]);
  });

  it("takes Basic credentials written into the URL and logs the URL without them", async () => {
    const { mock, hooks, receiver, lines } = await setup();
    const withCredentials = receiver.url.replace("http://", "http://url-user:url%20pass@");
    await mock.call("PUT", "/server", { body: { DeliveryHookUrl: `${withCredentials}/delivery` } });
    await send(mock, "reader@example.org");
    await receiver.waitForPosts(1);
    await hooks.idle();
    expect(receiver.posts[0]!.headers["authorization"]).toBe(`Basic ${Buffer.from("url-user:url pass").toString("base64")}`);
    const [delivery] = hooks.deliveries();
    expect(delivery?.Url).toBe(`${receiver.url}/delivery`);
    expect(lines.join("\n")).not.toContain("url-user");
    expect(lines.join("\n")).not.toContain("pass");
  });
});

describe("retries and the delivery log", () => {
  it("retries a 500 on the compressed schedule and logs each attempt with its outcome", async () => {
    const { mock, hooks, receiver, lines, serverId } = await setup();
    await addWebhook(mock, { Url: `${receiver.url}/flaky`, HttpAuth: { Username: "user", Password: "topsecret" }, Triggers: { Delivery: { Enabled: true } } });
    receiver.answers.push({ status: 500, body: "down for a moment" });
    const messageId = await send(mock, "reader@example.org");
    const [first, second] = await receiver.waitForPosts(2);
    await hooks.idle();

    expect(second!.body).toBe(first!.body);
    expect(second!.headers["x-pm-webhook-trace-id"]).toBe(first!.headers["x-pm-webhook-trace-id"]);
    expect(first!.headers["x-pm-retries-remaining"]).toBeUndefined();
    expect(second!.headers["x-pm-retries-remaining"]).toBe("5");

    const log = hooks.deliveries({ messageId });
    expect(log.map((entry) => [entry.Attempt, entry.Outcome, entry.Status])).toEqual([
      [2, "delivered", 200],
      [1, "retrying", 500],
    ]);
    const retried = log[1]!;
    expect(retried).toMatchObject({ ServerID: serverId, MessageID: messageId, RecordType: "Delivery", Url: `${receiver.url}/flaky`, ResponseBody: "down for a moment" });
    expect(retried.Error).toContain("500");
    expect(retried.At).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}[+-]\d\d:\d\d$/);
    expect(retried.NextAttemptAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(log[0]!.NextAttemptAt).toBeNull();
    expect(log[0]!.ID).toBeGreaterThan(retried.ID);
    expect(retried.DurationMs).toBeGreaterThanOrEqual(0);

    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^webhook Delivery POST http:\/\/127\.0\.0\.1:\d+\/flaky 500 .*attempt 1, retrying, next in 30ms/);
    expect(lines[1]).toMatch(/^webhook Delivery POST http:\/\/127\.0\.0\.1:\d+\/flaky 200 .*attempt 2, delivered/);
    expect(lines.join("\n")).not.toContain("topsecret");
  });

  it.each([
    { answer: 503, retried: true },
    { answer: 429, retried: true },
    { answer: 408, retried: true },
    { answer: 400, retried: false },
    { answer: 401, retried: false },
    { answer: 403, retried: false },
    { answer: 404, retried: false },
    { answer: 302, retried: false },
  ])("an outbound webhook answered $answer is retried: $retried", async ({ answer, retried }) => {
    const { mock, hooks, receiver } = await setup();
    await addWebhook(mock, { Url: `${receiver.url}/hook`, Triggers: { Delivery: { Enabled: true } } });
    receiver.answers.push(answer);
    await send(mock, "reader@example.org");
    await receiver.waitForPosts(1);
    await hooks.idle();
    expect(receiver.posts).toHaveLength(retried ? 2 : 1);
    expect(hooks.deliveries().map((entry) => entry.Outcome)).toEqual(retried ? ["delivered", "retrying"] : ["failed"]);
  });

  it("gives up after Postmark's 6 retries", async () => {
    const { mock, hooks, receiver } = await setup({ retryScale: 0.00005 });
    await addWebhook(mock, { Url: `${receiver.url}/down`, Triggers: { Delivery: { Enabled: true } } });
    receiver.answers.push(...Array<number>(10).fill(500));
    await send(mock, "reader@example.org");
    await receiver.waitForPosts(7);
    await hooks.idle();
    expect(receiver.posts).toHaveLength(7);
    expect(receiver.posts.map((post) => post.headers["x-pm-retries-remaining"])).toEqual([undefined, "5", "4", "3", "2", "1", "0"]);
    expect(hooks.deliveries().map((entry) => entry.Outcome)).toEqual(["gave-up", ...Array<string>(6).fill("retrying")]);
  });

  it("retries a receiver that does not answer in time, and one that cannot be reached", async () => {
    const { mock, hooks, receiver } = await setup({ timeoutMs: 150 });
    await addWebhook(mock, { Url: `${receiver.url}/slow`, Triggers: { Delivery: { Enabled: true } } });
    await addWebhook(mock, { Url: "http://127.0.0.1:1/nobody", Triggers: { Delivery: { Enabled: true } } });
    receiver.answers.push("hang");
    await send(mock, "reader@example.org");
    await receiver.waitForPosts(2);
    const slow = hooks.deliveries().filter((entry) => entry.Url.endsWith("/slow"));
    expect(slow.at(-1)).toMatchObject({ Attempt: 1, Outcome: "retrying", Status: null, Error: "No answer within 150 ms." });
    const unreachable = hooks.deliveries().filter((entry) => entry.Url.endsWith("/nobody"));
    expect(unreachable.at(-1)).toMatchObject({ Attempt: 1, Status: null, Outcome: "retrying" });
    expect(unreachable.at(-1)!.Error).toContain("could not be reached");
  });

  it("does not post with a custom header HTTP cannot carry, and keeps its value out of the log", async () => {
    const { mock, hooks, receiver, lines } = await setup();
    await addWebhook(mock, { Url: `${receiver.url}/hook`, HttpHeaders: [{ Name: "X-Secret", Value: "line1\nhidden-value" }], Triggers: { Delivery: { Enabled: true } } });
    await send(mock, "reader@example.org");
    await hooks.idle();
    expect(receiver.posts).toEqual([]);
    const [entry] = hooks.deliveries();
    expect(entry).toMatchObject({ Outcome: "failed", Status: null, Attempt: 1 });
    expect(entry!.Error).toContain("X-Secret");
    expect(JSON.stringify(hooks.deliveries()) + lines.join("\n")).not.toContain("hidden-value");
  });

  it("keeps the most recent attempts only, and filters the log", async () => {
    const { mock, hooks, receiver } = await setup({ maxLogEntries: 3 });
    await addWebhook(mock, { Url: `${receiver.url}/hook`, Triggers: { Delivery: { Enabled: true }, Bounce: { Enabled: true } } });
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await send(mock, `reader${i}@example.org`));
    const bounced = await send(mock, "hardbounce@bounce-testing.postmarkapp.com");
    await receiver.waitForPosts(5);
    await hooks.idle();
    expect(hooks.deliveries()).toHaveLength(3);
    expect(hooks.deliveries({ messageId: ids[0] })).toEqual([]);
    expect(hooks.deliveries({ recordType: "Bounce" }).map((entry) => entry.MessageID)).toEqual([bounced]);
    expect(hooks.deliveries({ serverId: 999_999 })).toEqual([]);
    hooks.clear();
    expect(hooks.deliveries()).toEqual([]);
  });
});

describe("the inbound hook", () => {
  async function inbound(context: Setup, answers: number[]): Promise<void> {
    await context.mock.call("PUT", "/server", { body: { InboundHookUrl: `${context.receiver.url}/inbound` } });
    context.receiver.answers.push(...answers);
    const server = (await context.mock.emulator.server(context.serverId))!;
    await context.mock.emulator.receive(context.serverId, { From: "Jane <jane@example.org>", To: server.InboundAddress ?? "", Subject: "Hi there", TextBody: "Hello" });
  }

  it("posts the inbound payload, which fits the spec and parses", async () => {
    const context = await setup();
    await inbound(context, []);
    const [post] = await context.receiver.waitForPosts(1);
    await context.hooks.idle();
    expect(webhookSchemaErrors("Inbound", json(post!))).toEqual([]);
    expect(parseWebhook(post!.body)).toMatchObject({ RecordType: "Inbound", Subject: "Hi there", From: "jane@example.org" });
    expect(post!.headers["x-pm-webhook-trace-id"]).toBeUndefined();
    expect(context.hooks.deliveries()[0]).toMatchObject({ RecordType: "Inbound", Outcome: "delivered", Attempt: 1 });
  });

  it("retries any failure but stops at once on a 403", async () => {
    const context = await setup({ retryScale: 0.00002 });
    await inbound(context, [400, 500, 403]);
    await context.receiver.waitForPosts(3);
    await context.hooks.idle();
    expect(context.receiver.posts).toHaveLength(3);
    expect(context.hooks.deliveries().map((entry) => [entry.Attempt, entry.Status, entry.Outcome])).toEqual([
      [3, 403, "failed"],
      [2, 500, "retrying"],
      [1, 400, "retrying"],
    ]);
  });

  it("gives up after 10 retries", async () => {
    const context = await setup({ retryScale: 0.00001 });
    await inbound(context, Array<number>(12).fill(500));
    await context.receiver.waitForPosts(11);
    await context.hooks.idle();
    expect(context.receiver.posts).toHaveLength(11);
    expect(context.hooks.deliveries()[0]).toMatchObject({ Attempt: 11, Outcome: "gave-up" });
  });
});

describe("shutting down", () => {
  it("close() drops waiting retries and cancels posts under way, at once", async () => {
    const { mock, hooks, receiver } = await setup({ retryScale: 1, timeoutMs: 60_000 });
    await addWebhook(mock, { Url: `${receiver.url}/retry-later`, Triggers: { Delivery: { Enabled: true } } });
    await addWebhook(mock, { Url: `${receiver.url}/hangs`, Triggers: { Delivery: { Enabled: true } } });
    receiver.answers.push(500, "hang");
    await send(mock, "reader@example.org");
    await receiver.waitForPosts(2);
    await expect.poll(() => hooks.deliveries().length).toBe(1);
    // The hanging post would hold close() for its 60 s timeout, past this test's own timeout.
    await hooks.close();
    await hooks.idle();
    hooks.handle({
      event: { type: "Delivery", serverId: 1, messageStream: "outbound", messageId: "x", payload: {} as never },
      posts: [{ url: `${receiver.url}/after-close`, auth: null, headers: [], kind: "outbound", payload: {} as never }],
    });
    expect(receiver.posts).toHaveLength(2);
  });

  it("clear() empties the log and drops waiting retries", async () => {
    const { mock, hooks, receiver } = await setup({ retryScale: 0.01 });
    await addWebhook(mock, { Url: `${receiver.url}/flaky`, Triggers: { Delivery: { Enabled: true } } });
    receiver.answers.push(500);
    await send(mock, "reader@example.org");
    await expect.poll(() => hooks.deliveries().length).toBe(1);
    hooks.clear();
    await hooks.idle();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(receiver.posts).toHaveLength(1);
    expect(hooks.deliveries()).toEqual([]);
  });
});

it("refuses a retry scale that is not a number of 0 or more", () => {
  expect(() => createWebhookDispatcher({ retryScale: -1 })).toThrow(/retry scale/);
});
