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

/** Every route with sample parameters: Postmark's API from the spec's examples, the mock API from its document, the inbox page. */
function routes(): string[] {
  const postmark = exampleRequests().map((request) => concretePath(request));
  const document = mockApiDocument as { paths: Record<string, unknown> };
  const samples: Record<string, string> = { messageId: "00000000-0000-0000-0000-000000000000", serverId: "1", index: "0" };
  const mockApi = Object.keys(document.paths).map((path) => `/__mock/api${path.replace(/\{([^}]+)\}/g, (_all, name: string) => samples[name] ?? "1")}`);
  return [...new Set([...postmark, ...mockApi, "/__mock/", "/__mock/index.html", "/__mock/nothing.js", "/__mock", "/"])].sort();
}

const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"];

describe("every method on every route", () => {
  it.each(routes())("%s answers every method below 500, and HEAD as GET without a body", async (path) => {
    const answers = new Map<string, { status: number; body: string }>();
    for (const method of methods) {
      const stays = method === "GET" && path.endsWith("/stream");
      const answer = await rawRequest(mock.url, `${method} ${path} HTTP/1.1`, { ...tokens, "Content-Length": "0" }, undefined, { headersOnly: stays });
      expect(answer.status, `${method} ${path}: ${answer.body}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, `${method} ${path}: ${answer.body}`).toBeLessThan(500);
      expectNoInternals(answer.body);
      answers.set(method, answer);
    }
    const get = answers.get("GET")!;
    expect(answers.get("HEAD")!.status, path).toBe(get.status);
    expect(answers.get("HEAD")!.body).toBe("");
  });

  it("still answers after all of them", async () => {
    await expectStillAnswering(mock.url);
  });
});
