// Middleware as openapi-fetch documents it: hooks see standard Request and Response objects, run in
// order on the way out and in reverse on the way back, may replace the request or the response,
// and onError may recover. Here they also run on every attempt of a retried call.
import { describe, expect, it, vi } from "vitest";
import { fakeFetch, hangingFetch, json, serverToken } from "../test/fake-fetch.js";
import { NetworkError, TimeoutError, createPostmarkClient, type Middleware, type PostmarkClient } from "./index.js";

const fastRetry = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };
const server = { ID: 1, Name: "Production" };

/** The same GET through a named method and through a path-typed method, both resolving to the body. */
const callers: [string, (client: PostmarkClient) => Promise<unknown>][] = [
  ["a named method", (client) => client.getCurrentServer()],
  ["a path-typed method", async (client) => (await client.GET("/server")).data],
];

describe("middleware", () => {
  describe.each(callers)("on %s", (_kind, call) => {
    it("adds a header in onRequest", async () => {
      const { fetch, requests } = fakeFetch(() => json(server));
      const client = createPostmarkClient({ serverToken, fetch });
      client.use({
        onRequest({ request }) {
          request.headers.set("X-Request-Source", "billing-service");
          return request;
        },
      });
      await call(client);
      expect(requests[0]!.headers.get("x-request-source")).toBe("billing-service");
      expect(requests[0]!.headers.get("x-postmark-server-token")).toBe(serverToken);
    });

    it("replaces the response in onResponse", async () => {
      const { fetch } = fakeFetch(() => json(server));
      const client = createPostmarkClient({ serverToken, fetch });
      client.use({
        async onResponse({ response }) {
          const body = (await response.json()) as typeof server;
          return json({ ...body, Name: "Renamed by middleware" }, response.status);
        },
      });
      await expect(call(client)).resolves.toEqual({ ID: 1, Name: "Renamed by middleware" });
    });

    it("recovers from a failed fetch in onError", async () => {
      const { fetch } = fakeFetch(() => Promise.reject(new TypeError("fetch failed")));
      const client = createPostmarkClient({ serverToken, fetch, retry: false });
      const seen: unknown[] = [];
      client.use({
        onError({ error }) {
          seen.push(error);
          return json({ ID: 0, Name: "offline copy" });
        },
      });
      await expect(call(client)).resolves.toEqual({ ID: 0, Name: "offline copy" });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeInstanceOf(NetworkError);
    });
  });

  it("logs each request and its response with the same id, path template and params", async () => {
    const { fetch } = fakeFetch(() => json({ TotalCount: 0, Bounces: [] }));
    const client = createPostmarkClient({ serverToken, fetch });
    const log: string[] = [];
    const ids: string[] = [];
    client.use({
      onRequest({ request, schemaPath, params, id }) {
        ids.push(id);
        log.push(`→ ${request.method} ${new URL(request.url).pathname}${new URL(request.url).search} ${schemaPath} ${JSON.stringify(params.query)}`);
      },
      onResponse({ response, id }) {
        ids.push(id);
        log.push(`← ${response.status}`);
      },
    });
    await client.listBounces({ params: { query: { count: 10, offset: 0 } } });
    await client.GET("/bounces/{bounceid}", { params: { path: { bounceid: 42 } } });
    expect(log).toEqual([
      '→ GET /bounces?count=10&offset=0 /bounces {"count":10,"offset":0}',
      "← 200",
      "→ GET /bounces/42 /bounces/{bounceid} undefined",
      "← 200",
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[2]);
  });

  it("replaces the request in onRequest", async () => {
    const { fetch, requests } = fakeFetch(() => json(server));
    const client = createPostmarkClient({ serverToken, fetch });
    client.use({
      onRequest({ request }) {
        const url = new URL(request.url);
        url.searchParams.set("trace", "on");
        return new Request(url, request);
      },
    });
    await client.getCurrentServer();
    expect(requests[0]!.url.search).toBe("?trace=on");
  });

  it("answers in onRequest without fetching and skips the remaining hooks", async () => {
    const { fetch, requests } = fakeFetch(() => json(server));
    const client = createPostmarkClient({ serverToken, fetch });
    const calls: string[] = [];
    client.use(
      { onRequest: () => void calls.push("first onRequest"), onResponse: () => void calls.push("first onResponse") },
      { onRequest: () => json({ ID: 9, Name: "cached" }) },
      { onRequest: () => void calls.push("third onRequest") },
    );
    await expect(client.getCurrentServer()).resolves.toEqual({ ID: 9, Name: "cached" });
    expect(requests).toHaveLength(0);
    expect(calls).toEqual(["first onRequest"]);
  });

  it("runs onRequest in registration order and onResponse and onError in reverse", async () => {
    const order: string[] = [];
    const named = (name: string): Middleware => ({
      onRequest: () => void order.push(`${name} onRequest`),
      onResponse: () => void order.push(`${name} onResponse`),
      onError: () => void order.push(`${name} onError`),
    });
    const answered = createPostmarkClient({ serverToken, fetch: fakeFetch(() => json(server)).fetch });
    answered.use(named("A"), named("B"), named("C"));
    await answered.getCurrentServer();
    expect(order).toEqual(["A onRequest", "B onRequest", "C onRequest", "C onResponse", "B onResponse", "A onResponse"]);

    order.length = 0;
    const failing = createPostmarkClient({ serverToken, fetch: fakeFetch(() => Promise.reject(new TypeError("fetch failed"))).fetch, retry: false });
    failing.use(named("A"), named("B"));
    await expect(failing.getCurrentServer()).rejects.toBeInstanceOf(NetworkError);
    expect(order).toEqual(["A onRequest", "B onRequest", "B onError", "A onError"]);
  });

  it("passes an error returned by onError on to the earlier hooks and then to the caller", async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError("fetch failed")));
    const client = createPostmarkClient({ serverToken, fetch, retry: false });
    const seenByFirst: unknown[] = [];
    client.use({ onError: ({ error }) => void seenByFirst.push(error) }, { onError: () => new Error("wrapped by middleware") });
    await expect(client.getCurrentServer()).rejects.toThrow("wrapped by middleware");
    expect(seenByFirst).toEqual([new Error("wrapped by middleware")]);
  });

  it("runs on every attempt of a retried call, with the same body each time", async () => {
    const { fetch, requests } = fakeFetch((_request, attempt) => (attempt < 3 ? json({ ErrorCode: 100, Message: "Maintenance" }, 503) : json({ ErrorCode: 0, Message: "done" })));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    const attempts: string[] = [];
    const ids = new Set<string>();
    client.use({
      async onRequest({ request, id }) {
        ids.add(id);
        attempts.push(`→ ${request.method} ${await request.clone().text()}`);
      },
      onResponse({ response }) {
        attempts.push(`← ${response.status}`);
      },
    });
    await client.editCurrentServer({ body: { Name: "Renamed" } });
    expect(attempts).toEqual(['→ PUT {"Name":"Renamed"}', "← 503", '→ PUT {"Name":"Renamed"}', "← 503", '→ PUT {"Name":"Renamed"}', "← 200"]);
    expect(requests).toHaveLength(3);
    expect(ids.size).toBe(1);
  });

  it("sees the client's TimeoutError in onError", async () => {
    const { fetch } = hangingFetch();
    const client = createPostmarkClient({ serverToken, fetch, timeoutMs: 20, retry: false });
    const seen: unknown[] = [];
    client.use({ onError: ({ error }) => void seen.push(error) });
    await expect(client.getCurrentServer()).rejects.toBeInstanceOf(TimeoutError);
    expect(seen[0]).toBeInstanceOf(TimeoutError);
  });

  it("keeps the timeout for a request a hook built without the original's signal", async () => {
    const { fetch } = hangingFetch();
    const client = createPostmarkClient({ serverToken, fetch, timeoutMs: 20, retry: false });
    client.use({ onRequest: ({ request }) => new Request(request.url, { method: request.method, headers: request.headers }) });
    await expect(client.getCurrentServer()).rejects.toBeInstanceOf(TimeoutError);
  });

  it("lets an error thrown by a hook reach the caller as it is, without onError or retries", async () => {
    const { fetch, requests } = fakeFetch(() => json(server));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    const onError = vi.fn();
    const thrown = new RangeError("refused by policy");
    client.use({ onError }, { onRequest: () => { throw thrown; } });
    await expect(client.getCurrentServer()).rejects.toBe(thrown);
    expect(onError).not.toHaveBeenCalled();
    expect(requests).toHaveLength(0);
  });

  it("stops running a middleware once ejected", async () => {
    const { fetch } = fakeFetch(() => json(server));
    const client = createPostmarkClient({ serverToken, fetch });
    const seen: string[] = [];
    const first: Middleware = { onRequest: () => void seen.push("first") };
    const second: Middleware = { onRequest: () => void seen.push("second") };
    client.use(first, second);
    await client.getCurrentServer();
    client.eject(first);
    await client.getCurrentServer();
    expect(seen).toEqual(["first", "second", "second"]);
  });

  it("runs a call's own middleware after the client's", async () => {
    const { fetch } = fakeFetch(() => json(server));
    const client = createPostmarkClient({ serverToken, fetch });
    const seen: string[] = [];
    client.use({ onRequest: () => void seen.push("client") });
    await client.getCurrentServer({ middleware: [{ onRequest: () => void seen.push("named call") }] });
    await client.GET("/server", { middleware: [{ onRequest: () => void seen.push("path call") }] });
    expect(seen).toEqual(["client", "named call", "client", "path call"]);
  });

  it.each([
    ["an object without hooks", {}],
    ["a function", () => undefined],
  ])("refuses %s as middleware", (_case, middleware) => {
    const client = createPostmarkClient({ serverToken });
    expect(() => client.use(middleware as unknown as Middleware)).toThrow(TypeError);
  });

  it.each([
    ["onRequest", { onRequest: () => "not a request" }],
    ["onResponse", { onResponse: () => ({ status: 200 }) }],
  ])("rejects a call whose %s returns something else than a Request or Response", async (_hook, middleware) => {
    const { fetch } = fakeFetch(() => json(server));
    const client = createPostmarkClient({ serverToken, fetch });
    client.use(middleware as unknown as Middleware);
    await expect(client.getCurrentServer()).rejects.toThrow(TypeError);
  });

  it("builds no Request object while no middleware is registered", async () => {
    const inputs: unknown[] = [];
    const fetch = async (input: string | Request) => {
      inputs.push(input);
      return json(server);
    };
    const client = createPostmarkClient({ serverToken, fetch, baseUrl: "http://127.0.0.1:4010" });
    await client.getCurrentServer();
    const middleware: Middleware = { onRequest: () => undefined };
    client.use(middleware);
    await client.getCurrentServer();
    client.eject(middleware);
    await client.getCurrentServer();
    expect(inputs.map((input) => (typeof input === "string" ? input : input instanceof Request ? "Request" : typeof input))).toEqual([
      "http://127.0.0.1:4010/server",
      "Request",
      "http://127.0.0.1:4010/server",
    ]);
  });
});
