// What a page on another origin, or a DNS name rebound to 127.0.0.1, can make the mock do, tried
// at the HTTP level (the browser test tries the same from a real page): Host names that are not
// this machine's are refused everywhere, the mock API takes no state change from a foreign
// Origin, and its JSON bodies must say they are JSON.
import { describe, expect, it } from "vitest";
import { startMockServer } from "../../src/http/server.js";
import { call, useMock } from "../support.js";
import { expectClearRefusal, expectStillAnswering, rawRequest } from "./raw.js";

const mock = useMock({ quiet: true });
const named = useMock({ quiet: true, allowedHosts: ["postmark.internal", ".test.example"] });
const token = { "X-Postmark-Server-Token": "hostile-origins", Accept: "application/json" };

async function messageCount(baseUrl: string): Promise<number> {
  return (await call(baseUrl, "GET", "/__mock/api/messages")).json.TotalCount as number;
}

async function sendOne(baseUrl: string): Promise<void> {
  const sent = await call(baseUrl, "POST", "/email", { headers: token, body: { From: "app@example.com", To: "jane@example.org", Subject: "Hi", TextBody: "Hello" } });
  expect(sent.status).toBe(200);
}

describe("Host", () => {
  const port = () => new URL(mock.url).port;
  it.each([
    ["127.0.0.1", 200],
    ["localhost", 200],
    ["LOCALHOST.", 200],
    ["app.localhost", 200],
    ["[::1]", 200],
    ["10.1.2.3", 200],
    ["rebind.attacker.example", 403],
    ["localhost.attacker.example", 403],
    ["127.0.0.1.nip.io", 403],
    ["postmark.internal", 403],
  ])("%s is answered %i on Postmark's API, the mock API and the inbox", async (host, status) => {
    for (const path of ["/server", "/__mock/api/messages", "/__mock/"]) {
      const answer = await rawRequest(mock.url, `GET ${path} HTTP/1.1`, { ...token, Host: `${host}:${port()}` });
      expect(answer.status, `${path}: ${answer.body}`).toBe(status);
      if (status === 403) {
        expectClearRefusal(answer);
        expect(JSON.parse(answer.body).Message).toContain("--allowed-hosts");
      }
    }
  });

  it("refuses a foreign host in a target in absolute form too", async () => {
    const answer = await rawRequest(mock.url, "GET http://rebind.attacker.example/__mock/api/messages HTTP/1.1", token);
    expectClearRefusal(answer, [403]);
  });

  it.each([
    ["postmark.internal", 200],
    ["a.test.example", 200],
    ["test.example", 200],
    ["other.example", 403],
  ])("with --allowed-hosts, %s is answered %i", async (host, status) => {
    const answer = await rawRequest(named.url, "GET /server HTTP/1.1", { ...token, Host: host });
    expect(answer.status).toBe(status);
  });

  it("answers any host with --allowed-hosts all", async () => {
    await using open = await startMockServer({ port: 0, quiet: true, allowedHosts: "all" });
    const answer = await rawRequest(open.url, "GET /server HTTP/1.1", { ...token, Host: "rebind.attacker.example" });
    expect(answer.status).toBe(200);
  });

  it.each([["http://localhost"], ["postmark internal"], ["*.example"]])("refuses --allowed-hosts %s, which is no host name", async (name) => {
    await expect(startMockServer({ port: 0, quiet: true, allowedHosts: [name] })).rejects.toThrow(/allowed-hosts/);
  });
});

describe("Origin on the mock API", () => {
  it.each([
    ["https://evil.example", "a page elsewhere"],
    ["http://192.168.1.20:8000", "a page on another machine"],
    ["null", "a sandboxed frame or a file: page"],
    ["http://rebind.attacker.example:4010", "a rebound name"],
  ])("refuses a state change from %s (%s), and nothing changes", async (origin) => {
    await sendOne(mock.url);
    const before = await messageCount(mock.url);
    for (const [method, path, body] of [
      ["POST", "/__mock/api/reset", undefined],
      ["POST", "/__mock/api/faults", '{"Method":"*","Path":"/**","Count":1000000,"Status":500}'],
      ["DELETE", "/__mock/api/faults", undefined],
    ] as const) {
      const answer = await rawRequest(
        mock.url,
        `${method} ${path} HTTP/1.1`,
        { Origin: origin, ...(body ? { "Content-Type": "application/json", "Content-Length": String(body.length) } : { "Content-Length": "0" }) },
        body,
      );
      expectClearRefusal(answer, [403]);
      expect(JSON.parse(answer.body).Message).toContain(origin);
    }
    expect(await messageCount(mock.url)).toBe(before);
    expect((await call(mock.url, "GET", "/__mock/api/faults")).json.Faults).toEqual([]);
    await expectStillAnswering(mock.url);
  });

  it.each([
    ["the mock's own origin (the inbox page)", () => mock.url],
    ["another port on localhost", () => "http://localhost:5173"],
    ["a loopback address", () => "http://127.0.0.1:3000"],
    ["a *.localhost name", () => "http://app.localhost:3000"],
  ])("takes a state change from %s", async (_name, origin) => {
    await sendOne(mock.url);
    const answer = await rawRequest(mock.url, "POST /__mock/api/reset HTTP/1.1", { Origin: origin(), "Content-Length": "0" });
    expect(answer.status).toBe(200);
    expect(await messageCount(mock.url)).toBe(0);
  });

  it("takes a state change from an allowed host's origin", async () => {
    const answer = await rawRequest(named.url, "POST /__mock/api/reset HTTP/1.1", { Host: "postmark.internal", Origin: "http://postmark.internal:4010", "Content-Length": "0" });
    expect(answer.status).toBe(200);
  });

  it("lets reads through from any origin: without CORS headers the page cannot see them", async () => {
    const answer = await rawRequest(mock.url, "GET /__mock/api/messages HTTP/1.1", { Origin: "https://evil.example" });
    expect(answer.status).toBe(200);
    expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("Content-Type of mock API bodies", () => {
  const fault = '{"Method":"GET","Path":"/server","Count":1,"Status":500}';
  it.each([
    ["text/plain", "text/plain;charset=UTF-8"],
    ["a form", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=x"],
    ["no Content-Type", undefined],
  ])("refuses a JSON body sent as %s with 415, without acting on it", async (_name, contentType) => {
    const answer = await rawRequest(mock.url, "POST /__mock/api/faults HTTP/1.1", { ...(contentType ? { "Content-Type": contentType } : {}), "Content-Length": String(fault.length) }, fault);
    expectClearRefusal(answer, [415]);
    expect(JSON.parse(answer.body).Message).toContain("application/json");
    expect((await call(mock.url, "GET", "/__mock/api/faults")).json.Faults).toEqual([]);
  });

  it("takes it as application/json", async () => {
    const answer = await rawRequest(mock.url, "POST /__mock/api/faults HTTP/1.1", { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(fault.length) }, fault);
    expect(answer.status).toBe(200);
    await call(mock.url, "DELETE", "/__mock/api/faults");
  });

  it("refuses Postmark's API a JSON body sent as text/plain with 415, as Postmark does", async () => {
    const body = '{"From":"app@example.com","To":"jane@example.org","Subject":"Hi","TextBody":"Hello"}';
    const answer = await rawRequest(mock.url, "POST /email HTTP/1.1", { ...token, "Content-Type": "text/plain", "Content-Length": String(body.length) }, body);
    expectClearRefusal(answer, [415]);
  });
});
