// Behaviour of the mock for requests Postmark would refuse, and its logs.
import { describe, expect, it } from "vitest";
import { call, token, tokenHeaders, useMock } from "../../test/support.js";
import { PortInUseError, startMockServer } from "./server.js";

const mock = useMock();
const documented = useMock({ mode: "static" });
const server = tokenHeaders("ServerToken");
const account = tokenHeaders("AccountToken");
const email = { From: "sender@example.com", To: "someone@example.org", Subject: "Hi", TextBody: "Hello" };

describe("paths, matched the way Postmark matches them", () => {
  it.each([
    ["GET", "/deliveryStats"],
    ["GET", "/deliverystats/"],
    ["GET", "/templates/?count=10&offset=0"],
    ["GET", "/triggers/inboundRules?count=10&offset=0"],
    ["GET", "/Server"],
  ])("%s %s answers 200", async (method, path) => {
    const answer = await call(mock.url, method, path, { headers: server });
    expect(answer.status).toBe(200);
  });

  it("answers an unknown route with a Postmark-shaped 404", async () => {
    const answer = await call(mock.url, "GET", "/bouncez", { headers: server });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ ErrorCode: 404, Message: "No Postmark endpoint matches GET /bouncez." });
  });

  it("answers a wrong method with 405 and the methods that work", async () => {
    const answer = await call(mock.url, "DELETE", "/server", { headers: server });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET, PUT");
    expect(answer.json.Message).toContain("GET, PUT");
  });
});

describe("tokens", () => {
  it.each([
    ["a missing server token", "/server", {}, "X-Postmark-Server-Token", "missing or empty"],
    ["an empty server token", "/server", { "X-Postmark-Server-Token": "" }, "X-Postmark-Server-Token", "missing or empty"],
    ["an account token on a server operation", "/server", account, "X-Postmark-Server-Token", "account token instead"],
    ["a server token on an account operation", "/servers?count=10&offset=0", server, "X-Postmark-Account-Token", "server token instead"],
    ["a missing account token", "/domains?count=10&offset=0", {}, "X-Postmark-Account-Token", "missing or empty"],
  ])("refuses %s with 401 and ErrorCode 10", async (_name, path, headers, header, reason) => {
    const answer = await call(mock.url, "GET", path, { headers });
    expect(answer.status).toBe(401);
    expect(answer.json.ErrorCode).toBe(10);
    expect(answer.json.Message).toContain(header);
    expect(answer.json.Message).toContain(reason);
    expect(answer.text).not.toContain(token);
  });

  it("accepts either token header in any case, as HTTP headers are", async () => {
    const answer = await call(mock.url, "GET", "/server", { headers: { "x-postmark-server-token": token } });
    expect(answer.status).toBe(200);
  });
});

describe("bad requests get Postmark's errors, naming the field", () => {
  it.each([
    ["a missing required field", "/email", { ...email, From: undefined }, 300, "From: is required"],
    ["no body part at all", "/email", { From: email.From, To: email.To }, 300, "HtmlBody/TextBody: give at least one of HtmlBody, TextBody"],
    ["a value outside an enum", "/email", { ...email, TrackLinks: "Always" }, 403, "TrackLinks: must be one of None, HtmlAndText, HtmlOnly, TextOnly"],
    ["a wrong type", "/email", { ...email, TrackOpens: "yes" }, 403, "TrackOpens: must be a boolean"],
    ["a nested field", "/email", { ...email, Headers: [{ Name: "X-A" }] }, 300, "Headers[0].Value: is required"],
    ["both TemplateId and TemplateAlias", "/email/withTemplate", { From: email.From, To: email.To, TemplateId: 1, TemplateAlias: "welcome", TemplateModel: {} }, 403, "TemplateId/TemplateAlias: give exactly one of TemplateId, TemplateAlias"],
    ["a batch over 500", "/email/batch", Array.from({ length: 501 }, () => email), 403, "the body: must NOT have more than 500 items"],
  ])("422 for %s", async (_name, path, body, errorCode, text) => {
    const answer = await call(mock.url, "POST", path, { headers: server, body });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(errorCode);
    expect(answer.json.Message).toMatch(/^Invalid request field\(s\) - /);
    expect(answer.json.Message).toContain(text);
  });

  it.each([
    ["count over 500", { count: 501, offset: 0 }, "query parameter count: must be <= 500"],
    ["offset past the 10,000 cap", { count: 10, offset: 10_000 }, "query parameter offset: must be <= 9999"],
    ["a count that is not a number", { count: "ten", offset: 0 }, "query parameter count: must be a whole number"],
    ["an unknown bounce type", { count: 10, offset: 0, type: "Bouncy" }, "query parameter type: must be one of"],
  ])("422 for %s", async (_name, query, text) => {
    const answer = await call(mock.url, "GET", "/bounces", { headers: server, query });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(403);
    expect(answer.json.Message).toContain(text);
  });

  it("422 for a path parameter of the wrong type", async () => {
    const answer = await call(mock.url, "GET", "/bounces/not-a-number", { headers: server });
    expect(answer.status).toBe(422);
    expect(answer.json.Message).toContain("path parameter bounceid: must be an integer");
  });

  it("answers malformed JSON with ErrorCode 402 at once", async () => {
    const started = performance.now();
    const answer = await call(mock.url, "POST", "/email", { headers: server, body: '{"From": "a@example.com", "To": ' });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(402);
    expect(answer.json.Message).toMatch(/^The request body is not valid JSON: /);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("answers an empty body where one is needed with ErrorCode 402", async () => {
    const answer = await call(mock.url, "POST", "/email", { headers: server, body: "" });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(402);
  });

  it.each([
    ["no Content-Type", { "Content-Type": "" }, "has no Content-Type"],
    ["a form Content-Type", { "Content-Type": "application/x-www-form-urlencoded" }, 'not "application/x-www-form-urlencoded"'],
  ])("415 for a body with %s", async (_name, headers, text) => {
    const answer = await call(mock.url, "POST", "/email", { headers: { ...server, ...headers }, body: email });
    expect(answer.status).toBe(415);
    expect(answer.json.ErrorCode).toBe(409);
    expect(answer.json.Message).toContain(text);
  });

  it("415 when the request does not accept JSON", async () => {
    const answer = await call(mock.url, "GET", "/server", { headers: { ...server, Accept: "text/html" } });
    expect(answer.status).toBe(415);
    expect(answer.json.ErrorCode).toBe(409);
  });

  it("413 for a body over Postmark's 10 MB limit, without reading it all", async () => {
    const body = JSON.stringify({ ...email, TextBody: "x".repeat(11 * 1024 * 1024) });
    const answer = await call(mock.url, "POST", "/email", { headers: server, body });
    expect(answer.status).toBe(413);
    expect(answer.json.Message).toContain("larger than the 10 MB that sendEmail accepts");
  });

  it("413 for a batch over 50 MB, while 11 MB is fine for a batch", async () => {
    const big = (size: number) => JSON.stringify([{ ...email, TextBody: "x".repeat(size) }]);
    expect((await call(mock.url, "POST", "/email/batch", { headers: server, body: big(11 * 1024 * 1024) })).status).not.toBe(413);
    const answer = await call(mock.url, "POST", "/email/batch", { headers: server, body: big(51 * 1024 * 1024) });
    expect(answer.status).toBe(413);
  });
});

describe("answers", () => {
  it("carry one JSON content type, and mark deprecated operations", async () => {
    const plain = await call(mock.url, "GET", "/server", { headers: server });
    expect(plain.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const deprecated = await call(documented.url, "POST", "/domains/36735/verifyspf", { headers: account });
    expect(deprecated.status).toBe(200);
    expect(deprecated.headers.get("deprecation")).toBe("true");
  });
});

describe("Prefer selects other documented answers", () => {
  it("selects a status with Prefer: code", async () => {
    const answer = await call(mock.url, "GET", "/bounces/692560173", { headers: { ...server, Prefer: "code=404" } });
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ ErrorCode: 404 });
  });

  it("refuses a status the operation does not document", async () => {
    const answer = await call(mock.url, "GET", "/server", { headers: { ...server, Prefer: "code=418" } });
    expect(answer.status).toBe(422);
  });
});

describe("logs", () => {
  it("says where it listens and which spec it serves, then one line per request", async () => {
    await call(mock.url, "GET", "/deliverystats", { headers: server });
    expect(mock.lines[0]).toMatch(/^Postmark mock listening on http:\/\/127\.0\.0\.1:\d+ \(stateful emulator, state in memory\) — Postmark API \S+; inbox at http:\/\/127\.0\.0\.1:\d+\/__mock\/, mock API at http:\/\/127\.0\.0\.1:\d+\/__mock\/api$/);
    expect(mock.lines).toContainEqual(expect.stringMatching(/^GET \/deliverystats 200 \d+\.\dms$/));
    expect(mock.lines.join("\n")).not.toContain(token);
  });

  it("names the fields it ignored, so a typo stays visible", async () => {
    const answer = await call(mock.url, "POST", "/email", { headers: server, body: { ...email, Colour: "red" } });
    expect(answer.status).toBeLessThan(500);
    expect(mock.lines).toContainEqual(expect.stringMatching(/^POST \/email \d{3} \d+\.\dms \(ignored field\(s\) Colour\)$/));
  });
});

describe("CORS, for local front-end work only", () => {
  const cors = useMock({ cors: ["http://localhost:5173"], quiet: true });
  const any = useMock({ cors: "*", quiet: true });

  it("sends no CORS headers by default, as Postmark sends none", async () => {
    const answer = await call(mock.url, "GET", "/server", { headers: { ...server, Origin: "http://localhost:5173" } });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${mock.url}/email`, { method: "OPTIONS", headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST" } });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("with --cors <origin>, answers that origin's preflights and reflects it, token headers included", async () => {
    const preflight = await fetch(`${cors.url}/email`, { method: "OPTIONS", headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-postmark-server-token, content-type" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/X-Postmark-Server-Token/i);
    const sent = await call(cors.url, "POST", "/email", { headers: { ...server, Origin: "http://localhost:5173" }, body: email });
    expect(sent.status).toBe(200);
    expect(sent.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(sent.headers.get("vary")).toMatch(/Origin/);
  });

  it("with --cors <origin>, refuses other origins' preflights and sends them no CORS headers", async () => {
    const preflight = await fetch(`${cors.url}/email`, { method: "OPTIONS", headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "POST" } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const answer = await call(cors.url, "GET", "/server", { headers: { ...server, Origin: "https://evil.example" } });
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers any origin with * only when * is given", async () => {
    const answer = await call(any.url, "GET", "/server", { headers: { ...server, Origin: "https://app.example" } });
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
  });

  it.each([[true], ["localhost:5173"], [["http://localhost:5173/app"]]])("refuses the cors option %j, which is no list of origins", async (value) => {
    await expect(startMockServer({ port: 0, quiet: true, cors: value as never })).rejects.toThrow(/cors/);
  });
});

describe("the SMTP listener of a mock started from code", () => {
  it("is there only when asked for, so that mocks started side by side never contend for a port", async () => {
    const lines: string[] = [];
    await using plain = await startMockServer({ port: 0, log: (line) => lines.push(line) });
    expect(plain.smtp).toBeUndefined();
    await using withSmtp = await startMockServer({ port: 0, smtpPort: 0, log: (line) => lines.push(line) });
    expect(withSmtp.smtp?.port).toBeGreaterThan(0);
    expect(lines.filter((line) => line.startsWith("Postmark mock listening")).map((line) => line.includes(`SMTP at ${withSmtp.smtp!.url}`))).toEqual([false, true]);
  });

  it.each([["SMTP"], ["HTTP"]] as const)("names the %s port that is taken", async (service) => {
    await using taken = await startMockServer({ port: 0, smtpPort: 0, quiet: true });
    const options = service === "SMTP" ? { port: 0, smtpPort: taken.smtp!.port } : { port: taken.port, smtpPort: 0 };
    const started = startMockServer({ ...options, quiet: true });
    await expect(started).rejects.toBeInstanceOf(PortInUseError);
    await expect(started).rejects.toThrow(`The ${service} port ${service === "SMTP" ? taken.smtp!.port : taken.port} on 127.0.0.1 is already in use.`);
  });
});
