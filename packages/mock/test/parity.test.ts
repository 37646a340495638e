// The MSW handlers and the HTTP mock are one emulator behind one front: the same requests, sent
// in the same order to a fresh one of each, get the same status and body. Generated values
// (MessageIDs, inbound hashes, timestamps) differ between the two and are masked.
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

function mask(text: string): unknown {
  const masked = text.replace(uuid, "<uuid>").replace(timestamp, "<time>");
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
