// Odd request targets and methods, sent as raw bytes: each gets an answer below 500 that names no
// internals, and the mock goes on answering. Every method is tried on every route of Postmark's
// API, of the mock API and of the inbox page.
import { describe, expect, it } from "vitest";
import { mockApiDocument } from "../../src/mock-api-document.js";
import { concretePath, exampleRequests, useMock } from "../support.js";
import { expectClearRefusal, expectNoInternals, expectStillAnswering, rawRequest } from "./raw.js";

const mock = useMock({ quiet: true });
const tokens = { "X-Postmark-Server-Token": "hostile-targets", "X-Postmark-Account-Token": "hostile-targets", Accept: "application/json" };

describe("request targets no server should fall over", () => {
  it.each([
    ["//", 404],
    ["///", 404],
    ["//evil.example/server", 404],
    ["//evil.example:4010/__mock/api/reset", 404],
    ["/%", 404],
    ["/%zz/%%", 404],
    ["/server%00", 404],
    ["/server/..%2f..%2f", 404],
    ["/" + "a/".repeat(2_000), 404],
    ["/__mock/api//messages", 404],
    ["*", 404],
  ])("GET %s answers %i", async (target, status) => {
    const answer = await rawRequest(mock.url, `GET ${target} HTTP/1.1`, tokens);
    expectClearRefusal(answer, [status]);
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ ErrorCode: expect.any(Number), Message: expect.any(String) });
    await expectStillAnswering(mock.url);
  });

  it("routes a path given in absolute form, as proxies send it", async () => {
    const answer = await rawRequest(mock.url, `GET ${mock.url}/server HTTP/1.1`, tokens);
    expect(answer.status).toBe(200);
  });

  it("answers CONNECT instead of dropping the connection", async () => {
    const answer = await rawRequest(mock.url, "CONNECT example.com:443 HTTP/1.1", {});
    expectClearRefusal(answer, [405]);
    expect(JSON.parse(answer.body).Message).toContain("not a proxy");
    await expectStillAnswering(mock.url);
  });

  it.each(["FOO", "GET\u0000", "G ET"])("refuses the method %j with 400", async (method) => {
    const answer = await rawRequest(mock.url, `${method} /server HTTP/1.1`, tokens);
    expectClearRefusal(answer, [400]);
    await expectStillAnswering(mock.url);
  });
});

describe("the inbox's files: nothing else on disk is reachable", () => {
  it.each([
    "/__mock/../package.json",
    "/__mock/..%2fpackage.json",
    "/__mock/%2e%2e/%2e%2e/package.json",
    "/__mock/%2e%2e%2f%2e%2e%2fpackage.json",
    "/__mock/..\\..\\package.json",
    "/__mock//etc/passwd",
    "/__mock/index.html%00.png",
    "/__mock/.%2e/.%2e/tsconfig.json",
    "/__mock/api/../../package.json",
  ])("GET %s finds no file outside the page", async (target) => {
    const answer = await rawRequest(mock.url, `GET ${target} HTTP/1.1`, { Accept: "*/*" });
    expect(answer.status).toBeGreaterThanOrEqual(300);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body).not.toContain("@postmark-openapi/mock");
    expect(answer.body).not.toContain("root:");
    expectNoInternals(answer.body);
  });
});

/** How the probe calls a route: a long poll with a short wait, an event stream read only up to its headers. */
interface Route {
  target: string;
  /** answers with a stream that stays open: read its status and headers only */
  stays: boolean;
  /** a long poll: the answer comes after the wait, to a client that keeps its side open */
  waits: boolean;
}

/** The seconds the probe lets a long poll wait: short, so that every method is tried in a test's time. */
const longPollSeconds = 0.05;

interface MockApiOperation {
  responses?: Record<string, { content?: Record<string, unknown> }>;
  "x-long-poll"?: { timeoutParameter: string };
}

/** The mock API's routes, from its document: sample path parameters, a short timeout for long polls (`x-long-poll`). */
function mockApiRoutes(): Route[] {
  const document = mockApiDocument as { paths: Record<string, Record<string, MockApiOperation>> };
  const samples: Record<string, string> = { messageId: "00000000-0000-0000-0000-000000000000", serverId: "1", index: "0" };
  return Object.entries(document.paths).map(([template, item]) => {
    const get = item["get"];
    const path = `/__mock/api${template.replace(/\{([^}]+)\}/g, (_all, name: string) => samples[name] ?? "1")}`;
    const longPoll = get?.["x-long-poll"];
    const stays = Object.values(get?.responses ?? {}).some((response) => "text/event-stream" in (response.content ?? {}));
    return { target: longPoll ? `${path}?${longPoll.timeoutParameter}=${longPollSeconds}` : path, stays, waits: longPoll !== undefined };
  });
}

/** Every route with sample parameters: Postmark's API from the spec's examples, the mock API from its document, the inbox page. */
function routes(): Route[] {
  const postmark = exampleRequests().map((request) => ({ target: concretePath(request), stays: false, waits: false }));
  const inbox = ["/__mock/", "/__mock/index.html", "/__mock/nothing.js", "/__mock", "/"].map((target) => ({ target, stays: false, waits: false }));
  const byTarget = new Map([...postmark, ...mockApiRoutes(), ...inbox].map((route) => [route.target, route]));
  return [...byTarget.values()].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"];

describe("every method on every route", () => {
  it.each(routes())("$target answers every method below 500, and HEAD as GET without a body", async ({ target, stays, waits }) => {
    const answers = new Map<string, { status: number; body: string }>();
    for (const method of methods) {
      const answer = await rawRequest(mock.url, `${method} ${target} HTTP/1.1`, { ...tokens, "Content-Length": "0" }, undefined, { headersOnly: stays && method === "GET", stayOpen: waits });
      expect(answer.status, `${method} ${target}: ${answer.body}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, `${method} ${target}: ${answer.body}`).toBeLessThan(500);
      expectNoInternals(answer.body);
      answers.set(method, answer);
    }
    const get = answers.get("GET")!;
    expect(answers.get("HEAD")!.status, target).toBe(get.status);
    expect(answers.get("HEAD")!.body).toBe("");
  });

  it("finds the long polls and event streams in the mock API's document", () => {
    const mockApi = mockApiRoutes();
    expect(mockApi.filter((route) => route.waits).map((route) => route.target)).toEqual([`/__mock/api/wait?timeout=${longPollSeconds}`]);
    expect(mockApi.filter((route) => route.stays).map((route) => route.target)).toEqual(["/__mock/api/stream"]);
  });

  it("a long poll answers 408 after the probe's short wait, and 405 to other methods", async () => {
    const [wait] = mockApiRoutes().filter((route) => route.waits);
    const timedOut = await rawRequest(mock.url, `GET ${wait!.target} HTTP/1.1`, tokens, undefined, { stayOpen: true });
    expectClearRefusal(timedOut, [408]);
    expect(JSON.parse(timedOut.body).Message).toContain(`within ${longPollSeconds} seconds`);
    expectClearRefusal(await rawRequest(mock.url, `POST ${wait!.target} HTTP/1.1`, { ...tokens, "Content-Length": "0" }, undefined, { stayOpen: true }), [405]);
  });

  it("still answers after all of them", async () => {
    await expectStillAnswering(mock.url);
  });
});
