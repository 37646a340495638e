// The MSW handlers and the HTTP mock are one assembly behind two adapters: the same requests, sent
// in the same order to a fresh one of each, get the same status and body, for Postmark's API as for
// the mock API, faults and webhooks. Generated values
// (MessageIDs, inbound hashes, timestamps) differ between the two and are masked.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostmarkMock, type RunningMock } from "../src/http/server.js";
import { createPostmarkHandlers } from "../src/msw/index.js";

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** the status both must answer, so the table cannot silently test only successes */
  status: number;
}

const token = "parity-server";
const email = { From: "app@example.com", To: "jane@example.org", Subject: "Hello", TextBody: "Hi" };
const unknownMessage = "00000000-0000-4000-8000-000000000000";

const cases: Case[] = [
  { name: "a send", method: "POST", path: "/email", body: email, status: 200 },
  { name: "a send with Cc, tag and metadata", method: "POST", path: "/email", body: { ...email, Cc: "bob@example.org", Tag: "welcome", Metadata: { plan: "pro" } }, status: 200 },
  { name: "a send without a body (422)", method: "POST", path: "/email", body: { From: email.From, To: email.To, Subject: "x" }, status: 422 },
  { name: "a send with an invalid field type (422)", method: "POST", path: "/email", body: { ...email, TrackOpens: "yes" }, status: 422 },
  { name: "no token (401)", method: "GET", path: "/server", headers: { "x-postmark-server-token": "" }, status: 401 },
  { name: "an unknown route (404)", method: "GET", path: "/bouncez", status: 404 },
  { name: "an unknown message", method: "GET", path: `/messages/outbound/${unknownMessage}/details`, status: 422 },
  { name: "a form body (415)", method: "POST", path: "/email", body: "From=a", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415 },
  { name: "a batch with one bad address", method: "POST", path: "/email/batch", body: [email, { ...email, To: "not an address" }], status: 200 },
  { name: "a template", method: "POST", path: "/templates", body: { Name: "Welcome", Alias: "welcome", Subject: "Welcome, {{name}}", TextBody: "Hi {{name}}!" }, status: 200 },
  { name: "a send with that template", method: "POST", path: "/email/withTemplate", body: { From: email.From, To: email.To, TemplateAlias: "welcome", TemplateModel: { name: "Jane" } }, status: 200 },
  { name: "a template validation", method: "POST", path: "/templates/validate", body: { Subject: "{{#each items}}", TextBody: "Hi {{name}}" }, status: 200 },
  { name: "the template list", method: "GET", path: "/templates?count=10&offset=0", status: 200 },
  { name: "a bounce", method: "POST", path: "/email", body: { ...email, To: "HardBounce@bounce-testing.postmarkapp.com" }, status: 200 },
  { name: "the bounce list", method: "GET", path: "/bounces?count=10&offset=0", status: 200 },
  { name: "the sent message list", method: "GET", path: "/messages/outbound?count=10&offset=0", status: 200 },
  { name: "a count over the limit (422)", method: "GET", path: "/messages/outbound?count=501&offset=0", status: 422 },
  { name: "a server update, and the paths case-insensitive", method: "PUT", path: "/SERVER/", body: { Name: "Parity" }, status: 200 },
];

const uuid = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;
const timestamp = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?/g;
/** A message's Date header (RFC 5322): the two sends may fall either side of a second. */
const headerDate = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}/g;

function mask(text: string): unknown {
  const masked = text.replace(uuid, "<uuid>").replace(timestamp, "<time>").replace(headerDate, "<date>");
  return masked === "" ? "" : JSON.parse(masked);
}

function request(base: string, entry: Case): Request {
  const headers = new Headers({ accept: "application/json", "x-postmark-server-token": token });
  if (entry.body !== undefined) headers.set("content-type", "application/json");
  for (const [name, value] of Object.entries(entry.headers ?? {})) headers.set(name, value);
  if (headers.get("x-postmark-server-token") === "") headers.delete("x-postmark-server-token");
  const body = entry.body === undefined ? undefined : typeof entry.body === "string" ? entry.body : JSON.stringify(entry.body);
  return new Request(`${base}${entry.path}`, { method: entry.method, headers, ...(body !== undefined ? { body } : {}) });
}

describe("MSW and HTTP answer alike", () => {
  let http: RunningMock;
  const msw = createPostmarkHandlers({ baseUrl: "http://127.0.0.1:9" });

  beforeAll(async () => {
    http = await startPostmarkMock();
  });
  afterAll(async () => {
    await http.close();
  });

  // In order: later cases read what earlier ones stored.
  it.each(cases.map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
    const overHttp = await fetch(request(http.url, entry));
    const inProcess = await getResponse(msw.handlers, request("http://127.0.0.1:9", entry));
    if (!inProcess) throw new Error("The MSW handlers did not answer");
    const [httpText, mswText] = await Promise.all([overHttp.text(), inProcess.text()]);
    expect({ status: overHttp.status, body: mask(httpText) }).toEqual({ status: inProcess.status, body: mask(mswText) });
    expect(inProcess.headers.get("content-type")).toBe(overHttp.headers.get("content-type"));
    expect(overHttp.status).toBe(entry.status);
  });

  it("both kept the same messages", async () => {
    const subjects = (messages: { Subject: string; To: { Email: string }[] }[]) => messages.map((message) => `${message.To[0]?.Email}: ${message.Subject}`);
    expect(subjects(await msw.messages({ token }))).toEqual(subjects(await http.messages({ token })));
    expect(await http.messages({ token })).toHaveLength(5);
  });
});

/** One step of the mock-API table: a path may name the message the adapter sent last. */
interface Step extends Omit<Case, "path"> {
  path: string | ((lastMessageId: string) => string);
}

/** A webhook receiver: what it was posted, in order. */
async function startReceiver(): Promise<{ url: string; posts: unknown[]; close(): Promise<void> }> {
  const posts: unknown[] = [];
  const server = createServer((incoming, answer) => {
    let text = "";
    incoming.setEncoding("utf8");
    incoming.on("data", (chunk: string) => (text += chunk));
    incoming.on("end", () => {
      posts.push(JSON.parse(text));
      answer.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, posts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The receivers' ports and the posts' durations differ between the two adapters; nothing else may. */
const maskReceivers = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replace(/127\.0\.0\.1:\d+/g, "<receiver>").replace(/"DurationMs":[\d.]+/g, '"DurationMs":"<ms>"'));

/** Webhook posts run concurrently, so the log's order (and so its IDs) is the receivers'; compare by kind. */
function byKind(value: unknown): unknown {
  const { Deliveries } = value as { Deliveries: { RecordType: string; ID?: number }[] };
  return { Deliveries: Deliveries.map(({ ID: _id, ...rest }) => rest).sort((x, y) => x.RecordType.localeCompare(y.RecordType)) };
}

describe("MSW and HTTP serve the mock API, faults and webhooks alike", () => {
  let http: RunningMock;
  let httpReceiver: Awaited<ReturnType<typeof startReceiver>>;
  let mswReceiver: Awaited<ReturnType<typeof startReceiver>>;
  const msw = createPostmarkHandlers({ baseUrl: "http://127.0.0.1:9" });
  const last = { http: "", msw: "" };

  beforeAll(async () => {
    [http, httpReceiver, mswReceiver] = await Promise.all([startPostmarkMock(), startReceiver(), startReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([http.close(), msw.close(), httpReceiver.close(), mswReceiver.close()]);
  });

  const hook = (receiver: "http" | "msw") => ({ Url: (receiver === "http" ? httpReceiver : mswReceiver).url, Triggers: { Delivery: { Enabled: true }, Open: { Enabled: true }, Bounce: { Enabled: true, IncludeContent: false } } });
  const steps: (Step & { body?: unknown; hook?: true })[] = [
    { name: "a fault for the next send", method: "POST", path: "/__mock/api/faults", body: { Method: "POST", Path: "/email", Count: 1, Status: 429, RetryAfter: 3 }, status: 200 },
    { name: "the faults waiting", method: "GET", path: "/__mock/api/faults", status: 200 },
    { name: "the send gets the fault", method: "POST", path: "/email", body: email, status: 429 },
    { name: "the next send goes through", method: "POST", path: "/email", body: email, status: 200 },
    { name: "a fault that is used up is gone", method: "GET", path: "/__mock/api/faults", status: 200 },
    { name: "a fault refused for giving two kinds (422)", method: "POST", path: "/__mock/api/faults", body: { Method: "GET", Path: "/server", Status: 503, Drop: true }, status: 422 },
    { name: "a webhook for deliveries, opens and bounces", method: "POST", path: "/webhooks", hook: true, status: 200 },
    { name: "a send that is delivered", method: "POST", path: "/email", body: { ...email, TrackOpens: true, HtmlBody: "<p>Hi</p>" }, status: 200 },
    { name: "a simulated open on it", method: "POST", path: (id) => `/__mock/api/messages/${id}/events`, body: { Type: "Open" }, status: 200 },
    { name: "a send that bounces", method: "POST", path: "/email", body: { ...email, To: "HardBounce@bounce-testing.postmarkapp.com" }, status: 200 },
    { name: "the captured messages", method: "GET", path: "/__mock/api/messages", status: 200 },
    { name: "one captured message", method: "GET", path: (id) => `/__mock/api/messages/${id}`, status: 200 },
    { name: "an unknown captured message (404)", method: "GET", path: `/__mock/api/messages/${unknownMessage}`, status: 404 },
    { name: "the servers", method: "GET", path: "/__mock/api/servers", status: 200 },
    { name: "the mock API's unknown route (404)", method: "GET", path: "/__mock/api/nothing-here", status: 404 },
    { name: "a dropped connection for the next server read", method: "POST", path: "/__mock/api/faults", body: { Method: "GET", Path: "/server", Drop: true }, status: 200 },
    { name: "the server read is dropped", method: "GET", path: "/server", status: 0 },
    { name: "the webhook deliveries", method: "GET", path: "/__mock/api/webhook-deliveries", status: 200 },
    { name: "a reset of everything", method: "POST", path: "/__mock/api/reset", status: 200 },
    { name: "nothing is left", method: "GET", path: "/messages/outbound?count=10&offset=0", status: 200 },
  ];

  /** Status 0 stands for a dropped connection: fetch fails over HTTP, MSW answers a network error. */
  async function overHttp(entry: Case): Promise<{ status: number; headers: Headers; text: string }> {
    try {
      const response = await fetch(request(http.url, entry));
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      if (error instanceof TypeError) return { status: 0, headers: new Headers(), text: "" };
      throw error;
    }
  }
  async function inProcess(entry: Case): Promise<{ status: number; headers: Headers; text: string }> {
    const response = await getResponse(msw.handlers, request("http://127.0.0.1:9", entry));
    if (!response) throw new Error("The MSW handlers did not answer");
    return { status: response.type === "error" ? 0 : response.status, headers: response.headers, text: response.type === "error" ? "" : await response.text() };
  }

  // In order: later steps read what earlier ones stored.
  it.each(steps.map((step) => [step.name, step] as const))("%s", async (_name, step) => {
    const resolve = (via: "http" | "msw"): Case => ({
      ...step,
      path: typeof step.path === "function" ? step.path(last[via]) : step.path,
      ...(step.hook ? { body: hook(via) } : {}),
    });
    const [a, b] = await Promise.all([overHttp(resolve("http")), inProcess(resolve("msw"))]);
    if (step.name.startsWith("a send")) {
      last.http = (JSON.parse(a.text) as { MessageID: string }).MessageID;
      last.msw = (JSON.parse(b.text) as { MessageID: string }).MessageID;
    }
    if (step.path === "/__mock/api/webhook-deliveries") await Promise.all([http.webhooks?.idle(), msw.webhooks.idle()]);
    const again = step.path === "/__mock/api/webhook-deliveries" ? await Promise.all([overHttp(resolve("http")), inProcess(resolve("msw"))]) : [a, b];
    const [first, second] = again as [typeof a, typeof b];
    const body = (text: string) => (step.path === "/__mock/api/webhook-deliveries" ? byKind(maskReceivers(mask(text))) : maskReceivers(mask(text)));
    expect({ status: first.status, body: body(first.text) }).toEqual({ status: second.status, body: body(second.text) });
    expect(second.headers.get("retry-after")).toBe(first.headers.get("retry-after"));
    expect(first.status).toBe(step.status);
  });

  it("both posted the same webhooks", async () => {
    await Promise.all([http.webhooks?.idle(), msw.webhooks.idle()]);
    // Posts run concurrently, so their order is the receiver's; compare them by kind.
    const posted = (posts: unknown[]) => posts.map((post) => mask(JSON.stringify(post))).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(httpReceiver.posts.map((post) => (post as { RecordType: string }).RecordType).sort()).toEqual(["Bounce", "Delivery", "Open"]);
    expect(posted(mswReceiver.posts)).toEqual(posted(httpReceiver.posts));
  });
});
