// The proxy against a local upstream that answers as Postmark does: the mock itself (faithful),
// behind a wrapper that drifts from the spec in one way per request, as its `X-Test-Drift` header
// asks (the proxy passes every header on). Each kind of mismatch is found once, and a faithful
// upstream gets no report. Then a recording through the proxy is replayed, and the cassettes are
// searched for tokens and addresses.
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startPostmarkMock, type RunningMock } from "../http/server.js";
import { call, type CallResult } from "../../test/support.js";
import { temporaryFolder } from "../../test/temporary-folders.js";

const serverToken = "proxy-server-token-5f2a9c";
const accountToken = "proxy-account-token-81d3e7";
const person = "jane.doe@acme-corp.io";

function send(base: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; token?: string | null } = {}): Promise<CallResult> {
  const tokenHeader: Record<string, string> = options.token === null ? {} : { "X-Postmark-Server-Token": options.token ?? serverToken };
  return call(base, method, path, { headers: { ...tokenHeader, ...options.headers }, ...(options.body === undefined ? {} : { body: options.body }), timeoutMs: 20_000 });
}

type Drift = (status: number, body: Record<string, unknown>) => { status: number; body: unknown };

/** One way to differ from the spec each. */
const drifts: Record<string, Drift> = {
  "undocumented-field": (status, body) => ({ status, body: { ...body, Surprise: true } }),
  "missing-field": (status, { Name: _name, ...body }) => ({ status, body }),
  "wrong-type": (status, body) => ({ status, body: { ...body, ID: String(body["ID"]) } }),
  "invalid-value": (status, body) => ({ status, body: { ...body, DeliveryType: "Experimental" } }),
  "undocumented-status": () => ({ status: 402, body: { ErrorCode: 10, Message: "Payment required." } }),
  "undocumented-error-code": (status, body) => ({ status, body: { ...body, ErrorCode: 1199 } }),
  "accepts-anything": () => ({ status: 200, body: { TotalCount: 0, Messages: [] } }),
};

/** A node:http server in front of `upstream` that changes the answer as the request's X-Test-Drift header says. */
async function startDriftingUpstream(upstream: string): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string" && !["host", "connection", "content-length", "x-test-drift"].includes(name)) headers.set(name, value);
    const answer = await fetch(new URL(request.url ?? "/", upstream), { method: request.method ?? "GET", headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });
    const text = await answer.text();
    const drift = drifts[String(request.headers["x-test-drift"])];
    const changed = drift ? drift(answer.status, text ? (JSON.parse(text) as Record<string, unknown>) : {}) : undefined;
    const drifted = changed ? JSON.stringify(changed.body) : text;
    // X-Test-Gzip: the answer goes out compressed, as Postmark's may.
    const body = request.headers["x-test-gzip"] ? gzipSync(drifted) : Buffer.from(drifted);
    const encoding: Record<string, string> = request.headers["x-test-gzip"] ? { "content-encoding": "gzip" } : {};
    response.writeHead(changed?.status ?? answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json; charset=utf-8", ...encoding, "content-length": body.length });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let upstream: RunningMock;
let drifting: { url: string; server: Server };

beforeAll(async () => {
  upstream = await startPostmarkMock();
  drifting = await startDriftingUpstream(upstream.url);
});

afterAll(async () => {
  await new Promise((resolve) => drifting.server.close(resolve));
  await upstream.close();
});

describe("--proxy", () => {
  const lines: string[] = [];
  let proxy: RunningMock;
  beforeAll(async () => {
    proxy = await startPostmarkMock({ proxy: drifting.url, quiet: false, log: (line) => lines.push(line) });
  });
  afterAll(() => proxy.close());
  beforeEach(async () => {
    await fetch(`${proxy.url}/__mock/api/proxy/mismatches`, { method: "DELETE" });
    lines.length = 0;
  });
  const mismatches = async () => (await send(proxy.url, "GET", "/__mock/api/proxy/mismatches", { token: null })).json as { Upstream: string; Mismatches: { Kind: string; Field: string | null; Message: string; OperationId: string | null }[] };

  it("passes requests and answers through unchanged, and finds nothing wrong with a faithful upstream", async () => {
    const sent = await send(proxy.url, "POST", "/email", { body: { From: "app@example.com", To: person, Subject: "Receipt", TextBody: "Thanks", Metadata: { order: "42" } } });
    expect(sent.status).toBe(200);
    // What the upstream keeps is what the app sent, token included.
    const kept = await upstream.messages({ token: serverToken });
    expect(kept.map((message) => [message.MessageID, message.To.map((recipient) => recipient.Email)])).toEqual([[sent.json.MessageID, [person]]]);
    const direct = await send(upstream.url, "GET", `/messages/outbound/${sent.json.MessageID}/details`);
    const proxied = await send(proxy.url, "GET", `/messages/outbound/${sent.json.MessageID}/details`);
    expect([proxied.status, proxied.text, proxied.headers.get("content-type")]).toEqual([direct.status, direct.text, direct.headers.get("content-type")]);

    const requests: [string, string, { body?: unknown; headers?: Record<string, string>; token?: string | null }?][] = [
      ["GET", "/messages/outbound?count=10&offset=0&recipient=jane.doe@acme-corp.io"],
      ["GET", "/server"],
      ["POST", "/templates", { body: { Name: "Welcome", Alias: "welcome", Subject: "Hi {{name}}", TextBody: "Hello {{name}}" } }],
      ["GET", "/templates/welcome"],
      ["GET", "/templates/no-such-template"],
      ["POST", "/email", { body: { From: "app@example.com", To: "HardBounce@bounce-testing.postmarkapp.com", Subject: "Hi", TextBody: "Hi" } }],
      ["GET", "/bounces?count=10&offset=0"],
      ["GET", "/deliverystats"],
      ["POST", "/email", { body: { From: "app@example.com", Subject: "No recipient", TextBody: "Hi" } }],
      ["GET", "/messages/outbound?count=9999&offset=0"],
      ["POST", "/email", { token: null, body: { From: "app@example.com", To: person, TextBody: "Hi" } }],
      ["GET", "/servers?count=10&offset=0", { token: null, headers: { "X-Postmark-Account-Token": accountToken } }],
      ["GET", "/no/such/endpoint"],
    ];
    const statuses: number[] = [];
    for (const [method, path, options] of requests) statuses.push((await send(proxy.url, method, path, options)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 422, 200, 200, 200, 422, 422, 401, 200, 404]);

    expect((await mismatches()).Mismatches).toEqual([]);
    expect(lines.filter((line) => line.includes("mismatch:"))).toEqual([]);
  });

  it.each([
    ["undocumented-field", "GET", "/server", "UndocumentedField", "Surprise"],
    ["missing-field", "GET", "/server", "MissingField", "Name"],
    ["wrong-type", "GET", "/server", "WrongType", "ID"],
    ["invalid-value", "GET", "/server", "InvalidValue", "DeliveryType"],
    ["undocumented-status", "GET", "/server", "UndocumentedStatus", null],
    ["undocumented-error-code", "GET", "/templates/no-such-template", "UndocumentedErrorCode", "ErrorCode"],
    ["accepts-anything", "GET", "/messages/outbound?count=9999&offset=0", "AcceptedInvalidRequest", null],
    ["accepts-anything", "GET", "/no/such/endpoint", "UndocumentedOperation", null],
  ])("finds %s once (%s %s): %s", async (drift, method, path, kind, field) => {
    const answer = await send(proxy.url, method, path, { headers: { "X-Test-Drift": drift } });
    // The drifted answer reaches the client as the upstream gave it.
    if (kind === "UndocumentedField") expect(answer.json.Surprise).toBe(true);
    const found = (await mismatches()).Mismatches;
    expect(found.map((entry) => [entry.Kind, entry.Field])).toEqual([[kind, field]]);
    const line = lines.find((entry) => entry.startsWith(`${method} ${path} `));
    expect(line).toContain(`mismatch: ${found[0]!.Message}`);
    expect(lines.join("\n")).not.toContain(serverToken);
  });

  it("passes a compressed answer on as it came, and checks it decoded", async () => {
    const answer = await send(proxy.url, "GET", "/server", { headers: { "X-Test-Drift": "undocumented-field", "X-Test-Gzip": "1" } });
    expect(answer.headers.get("content-encoding")).toBe("gzip");
    expect(answer.json.Surprise).toBe(true);
    expect((await mismatches()).Mismatches.map((entry) => [entry.Kind, entry.Field])).toEqual([["UndocumentedField", "Surprise"]]);
  });

  it("lists mismatches by kind and operation through the mock API", async () => {
    await send(proxy.url, "GET", "/server", { headers: { "X-Test-Drift": "undocumented-field" } });
    await send(proxy.url, "GET", "/templates/nope", { headers: { "X-Test-Drift": "undocumented-error-code" } });
    const list = (await send(proxy.url, "GET", "/__mock/api/proxy/mismatches?kind=UndocumentedField", { token: null })).json;
    expect(list).toMatchObject({ Upstream: drifting.url, TotalCount: 1, Mismatches: [{ Method: "GET", Path: "/server", OperationId: "getCurrentServer", Status: 200, Kind: "UndocumentedField" }] });
    const byOperation = (await send(proxy.url, "GET", "/__mock/api/proxy/mismatches?operationId=getTemplate", { token: null })).json;
    expect(byOperation.Mismatches.map((entry: { Kind: string }) => entry.Kind)).toEqual(["UndocumentedErrorCode"]);
  });
});

describe("--record, then --replay", () => {
  const dir = temporaryFolder("postmark-cassettes-");

  /** The same app session, recorded and then replayed. */
  async function session(base: string): Promise<CallResult[]> {
    const answers: CallResult[] = [];
    answers.push(await send(base, "GET", "/messages/outbound?count=10&offset=0"));
    answers.push(await send(base, "POST", "/email", { body: { From: "Billing <billing@example.com>", To: `Jane Doe <${person}>`, Subject: "Receipt", TextBody: `Sent to ${person}` } }));
    answers.push(await send(base, "GET", "/messages/outbound?count=10&offset=0"));
    answers.push(await send(base, "GET", `/messages/outbound?offset=0&recipient=${encodeURIComponent(person)}&count=10`));
    answers.push(await send(base, "GET", "/templates/no-such-template"));
    answers.push(await send(base, "GET", "/servers?count=10&offset=0", { token: null, headers: { "X-Postmark-Account-Token": accountToken } }));
    return answers;
  }

  it("answers a replayed session as the recorded one was answered, with tokens and addresses redacted", async () => {
    // A fresh upstream, so that the session starts from nothing.
    const fresh = await startPostmarkMock();
    const recorder = await startPostmarkMock({ proxy: fresh.url, recordDir: dir });
    let recorded: CallResult[];
    try {
      recorded = await session(recorder.url);
    } finally {
      await recorder.close();
      await fresh.close();
    }
    expect(recorded.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 422, 200]);
    expect(recorded[2]!.json.TotalCount).toBe(1);

    const files = readdirSync(dir);
    expect(files).toHaveLength(6);
    const texts = files.map((file) => readFileSync(join(dir, file), "utf8"));
    for (const secret of [serverToken, accountToken, "acme-corp", "jane.doe", "Jane.Doe"]) expect(texts.filter((text) => text.includes(secret))).toEqual([]);
    const send1 = JSON.parse(texts.find((text) => text.includes('"/email"'))!);
    expect(send1.request.headers["x-postmark-server-token"]).toBe("[redacted]");
    expect(send1.request.body.To).toMatch(/^Jane Doe <person-[0-9a-f]{12}@redacted\.invalid>$/);
    expect(send1.request.body.From).toBe("Billing <billing@example.com>");
    // The same address is the same placeholder everywhere.
    const placeholder = /person-[0-9a-f]{12}@redacted\.invalid/.exec(send1.request.body.To)![0];
    expect(send1.response.body.To).toContain(placeholder);
    expect(send1.request.body.TextBody).toBe(`Sent to ${placeholder}`);
    const servers = JSON.parse(texts.find((text) => text.includes('"/servers"'))!);
    expect(servers.response.body.Servers[0].ApiTokens).toEqual(["[redacted]"]);

    const replay = await startPostmarkMock({ replayDir: dir });
    try {
      const replayed = await session(replay.url);
      expect(replayed.map((answer) => answer.status)).toEqual(recorded.map((answer) => answer.status));
      // Lists before and after the send answer in the order they were recorded.
      expect(replayed.map((answer) => answer.json?.TotalCount)).toEqual([0, undefined, 1, 1, undefined, 1]);
      expect(replayed[1]!.json).toEqual(JSON.parse(recorded[1]!.text.split(person).join(placeholder)));
      expect(replayed[4]!.json).toEqual(recorded[4]!.json);

      const unknown = await send(replay.url, "POST", "/email", { body: { From: "app@example.com", To: person, Subject: "Never recorded", TextBody: "Hi" } });
      expect(unknown.status).toBe(404);
      expect(unknown.json.Message).toContain(`No recorded exchange in ${dir} matches POST /email.`);
      expect(unknown.json.Message).toContain("1 recording(s) of POST /email differ in their query or body");
      const mockApi = await send(replay.url, "GET", "/__mock/api/proxy/mismatches", { token: null });
      expect(mockApi.json).toEqual({ Upstream: null, TotalCount: 0, Mismatches: [] });
    } finally {
      await replay.close();
    }
  });
});
