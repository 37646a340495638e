// Bodies and headers no client should send: each is refused with a clear 4xx, or, where Postmark
// takes it, taken the way Postmark takes it; and the mock answers the next request either way.
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startMockServer } from "../../src/http/server.js";
import { call, useMock } from "../support.js";
import { expectClearRefusal, expectNoInternals, expectStillAnswering, rawRequest } from "./raw.js";

const mock = useMock({ quiet: true });
const token = { "X-Postmark-Server-Token": "hostile-bodies", Accept: "application/json" };
const email = { From: "app@example.com", To: "jane@example.org", Subject: "Hi", TextBody: "Hello" };

/** A POST with the body as given (a string is sent as UTF-8, a Buffer as its bytes). */
function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  return rawRequest(mock.url, `POST ${path} HTTP/1.1`, { ...token, "Content-Type": "application/json", "Content-Length": String(bytes.length), ...headers }, bytes);
}

const nested = (depth: number, leaf = "1") => "[".repeat(depth) + leaf + "]".repeat(depth);

describe("bodies Postmark refuses are refused, clearly", () => {
  it.each([
    ["malformed JSON", "/email", 422, '{"From": "app@example.com", ', /not valid JSON/],
    ["JSON that is a string", "/email", 422, '"hello"', /./],
    ["JSON nested 100,000 deep", "/email", 422, nested(100_000), /more than 64 levels/],
    ["a TemplateModel nested 65 deep", "/email/withTemplate", 422, JSON.stringify({ ...email, TemplateAlias: "x", TemplateModel: JSON.parse(`{"a":${nested(63, "{}")}}`) }), /more than 64 levels/],
    ["a mock API body nested 100,000 deep", "/__mock/api/faults", 422, nested(100_000), /more than 64 levels/],
    ["a body of 11 MB", "/email", 413, JSON.stringify({ ...email, TextBody: "x".repeat(11 * 1024 * 1024) }), /larger than the 10 MB/],
    ["10,000 recipients", "/email", 422, JSON.stringify({ ...email, To: Array.from({ length: 10_000 }, (_, i) => `r${i}@example.org`).join(", ") }), /./],
    ["a From of 1 MB", "/email", 422, JSON.stringify({ ...email, From: `${"a".repeat(1024 * 1024)}@example.com` }), /./],
    ["an attachment that is not base64", "/email", 422, JSON.stringify({ ...email, Attachments: [{ Name: "a.txt", Content: "not*base64", ContentType: "text/plain" }] }), /Attachments\[0\]\.Content/],
    ["an object with 100,000 keys", "/email", 422, JSON.stringify({ ...email, Metadata: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, "v"])) }), /./],
  ])("%s: %s answers %i", async (_name, path, status, body, message) => {
    const answer = await post(path, body, path.startsWith("/__mock") ? { "X-Postmark-Server-Token": "" } : {});
    expectClearRefusal(answer, [status]);
    expect(JSON.parse(answer.body).Message).toMatch(message);
    await expectStillAnswering(mock.url);
  });

  it.each([
    ["sections", (i: number) => `{{#s${i}}}`, (i: number) => `{{/s${i}}}`],
    ["each blocks", (i: number) => `{{#each s${i}}}`, () => "{{/each}}"],
  ])("a template with %s nested 20,000 deep is invalid, with one error where it passes 100 levels", async (_name, open, close) => {
    const depth = 20_000;
    let text = "";
    for (let i = 0; i < depth; i++) text += open(i);
    for (let i = depth - 1; i >= 0; i--) text += close(i);
    const answer = await post("/templates/validate", JSON.stringify({ Subject: "x", TextBody: text }));
    expect(answer.status).toBe(200);
    const { TextBody } = JSON.parse(answer.body) as { TextBody: { ContentIsValid: boolean; ValidationErrors: { Message: string; CharacterPosition: number }[] } };
    expect(TextBody.ContentIsValid).toBe(false);
    expect(TextBody.ValidationErrors).toEqual([expect.objectContaining({ Message: expect.stringContaining("nested more than 100 deep"), CharacterPosition: text.indexOf(open(100)) + 1 })]);
    await expectStillAnswering(mock.url);
  });

  it.each([
    ["a header block over 16 KB", { "X-Padding": "x".repeat(20_000) }, 431],
    ["a Content-Length that is not a number", { "Content-Length": "ten" }, 400],
  ])("%s answers %i", async (_name, headers, status) => {
    const answer = await rawRequest(mock.url, "POST /email HTTP/1.1", { ...token, "Content-Type": "application/json", ...headers });
    expect(answer.status).toBe(status);
    await expectStillAnswering(mock.url);
  });

  it("a chunked body with a broken chunk answers 400", async () => {
    const answer = await rawRequest(mock.url, "POST /email HTTP/1.1", { ...token, "Content-Type": "application/json", "Transfer-Encoding": "chunked" }, "zz\r\n{}\r\n0\r\n\r\n");
    expect(answer.status).toBe(400);
    await expectStillAnswering(mock.url);
  });

  it("a body cut short (the client goes away) leaves the mock answering", async () => {
    const { hostname, port } = new URL(mock.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(`POST /email HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nX-Postmark-Server-Token: x\r\nAccept: application/json\r\nContent-Length: 1000\r\n\r\n{"From":`);
        socket.destroy();
        resolve();
      });
    });
    await expectStillAnswering(mock.url);
  });
});

describe("what Postmark takes is taken as Postmark takes it", () => {
  it("takes an attachment of 9 MB, which a regular expression would overflow the stack on", async () => {
    const content = Buffer.alloc(9 * 1024 * 1024 * 0.75, 1).toString("base64");
    const answer = await post("/email", JSON.stringify({ ...email, Attachments: [{ Name: "big.pdf", Content: content, ContentType: "application/pdf" }] }));
    expect(answer.status, answer.body).toBe(200);
  });

  it("keeps NUL characters in fields as sent, and encodes them in the raw source", async () => {
    const answer = await post("/email", JSON.stringify({ ...email, Subject: "Hi\u0000there", TextBody: "a\u0000b" }));
    expect(answer.status).toBe(200);
    const id = JSON.parse(answer.body).MessageID as string;
    const details = await call(mock.url, "GET", `/messages/outbound/${id}/details`, { headers: token });
    expect(details.json.Subject).toBe("Hi\u0000there");
    expect(details.json.TextBody).toBe("a\u0000b");
    const source = await call(mock.url, "GET", `/__mock/api/messages/${id}/source`);
    expect(source.text).toMatch(/^Subject: =\?UTF-8\?B\?/m);
  });

  it("reads bytes that are not UTF-8 as U+FFFD, as .NET's decoder does", async () => {
    const body = Buffer.concat([Buffer.from(`{"From":"app@example.com","To":"jane@example.org","TextBody":"x","Subject":"caf`), Buffer.from([0xe9, 0xff]), Buffer.from(`"}`)]);
    const answer = await post("/email", body);
    expect(answer.status).toBe(200);
    const details = await call(mock.url, "GET", `/messages/outbound/${JSON.parse(answer.body).MessageID as string}/details`, { headers: token });
    expect(details.json.Subject).toBe("caf\ufffd\ufffd");
  });

  it("treats __proto__, constructor and toString as ordinary keys of Metadata and TemplateModel", async () => {
    const sent = await post("/email", `{"From":"app@example.com","To":"jane@example.org","Subject":"Hi","TextBody":"x","Metadata":{"__proto__":"p","constructor":"c"}}`);
    expect(sent.status).toBe(200);
    const details = await call(mock.url, "GET", `/messages/outbound/${JSON.parse(sent.body).MessageID as string}/details`, { headers: token });
    expect(details.json.Metadata).toEqual(JSON.parse(`{"__proto__":"p","constructor":"c"}`));
    expect(Object.getPrototypeOf(details.json.Metadata)).toBe(Object.prototype);

    const rendered = await post(
      "/templates/validate",
      `{"Subject":"{{__proto__.name}}|{{constructor}}|{{toString}}|{{hasOwnProperty}}","TextBody":"x","TestRenderModel":{"__proto__":{"name":"Jane"}}}`,
    );
    // Names the model lacks render as their placeholders in a test render; none is a function's source.
    expect(rendered.status).toBe(200);
    expect(JSON.parse(rendered.body).Subject.RenderedContent).toBe("Jane|constructor_Value|toString_Value|hasOwnProperty_Value");
    const suggested = await post("/templates/validate", `{"Subject":"{{__proto__}}","TextBody":"x"}`);
    expect(JSON.parse(suggested.body).SuggestedTemplateModel).toEqual(JSON.parse(`{"__proto__":"__proto___Value"}`));
  });

  it("leaves Object.prototype alone whatever is sent", async () => {
    await post("/email", `{"From":"app@example.com","To":"jane@example.org","Subject":"Hi","TextBody":"x","Metadata":{"__proto__":{"polluted":"yes"}}}`);
    await post("/templates/validate", `{"Subject":"x","TextBody":"x","TestRenderModel":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}`);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("slow clients", () => {
  it("answers 408 to a client that never finishes its request, and others meanwhile", async () => {
    await using slow = await startMockServer({ port: 0, quiet: true, requestTimeoutMs: 1_000 });
    const { hostname, port } = new URL(slow.url);
    const answered = new Promise<string>((resolve, reject) => {
      const head = `POST /email HTTP/1.1\r\nHost: ${hostname}:${port}\r\nX-Postmark-Server-Token: slow\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
      const socket = connect(Number(port), hostname, () => socket.write(`${head}{"From"`));
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
      socket.on("close", () => resolve(text));
      socket.on("error", reject);
    });
    await expectStillAnswering(slow.url);
    const text = await answered;
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expectNoInternals(text);
  });
});
