import { describe, expect, it } from "vitest";
import { fakeFetch, hangingFetch, json, serverToken } from "../test/fake-fetch.js";
import { AbortError, ConfigurationError, NetworkError, ServerError, TimeoutError, createPostmarkClient } from "./index.js";

const fastRetry = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };
const message = { From: "sender@example.com", To: "someone@example.org", Subject: "Hi", TextBody: "Hello" };
const ok = { To: "someone@example.org", SubmittedAt: "2026-11-26T10:00:00Z", MessageID: "0a129aee-e1cd-480d-b08d-4f48548ff48d", ErrorCode: 0, Message: "OK" };
const serverAnswer = () => json({ ID: 1, Name: "Production" });
const failThenSucceed = (status: number, success: () => Response, headers: Record<string, string> = {}) => (_request: unknown, attempt: number) =>
  attempt === 1 ? json({ ErrorCode: status === 429 ? 429 : 1, Message: "try again" }, status, headers) : success();

describe("retries", () => {
  it.each([429, 500, 503])("retries a GET answered %i", async (status) => {
    const { fetch, requests } = fakeFetch(failThenSucceed(status, serverAnswer));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    await expect(client.getCurrentServer()).resolves.toMatchObject({ Name: "Production" });
    expect(requests).toHaveLength(2);
  });

  it.each([
    ["PUT", (client: ReturnType<typeof createPostmarkClient>) => client.editCurrentServer({ body: { Name: "Renamed" } })],
    ["DELETE", (client: ReturnType<typeof createPostmarkClient>) => client.deleteWebhook({ params: { path: { webhookid: 1 } } })],
  ])("retries a %s, resending the same body", async (_method, call) => {
    const { fetch, requests } = fakeFetch(failThenSucceed(503, () => json({ ErrorCode: 0, Message: "done" })));
    await call(createPostmarkClient({ serverToken, fetch, retry: fastRetry }));
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toEqual(requests[0]!.body);
  });

  it("gives up after maxRetries and reports the last answer", async () => {
    const { fetch, requests } = fakeFetch(() => json({ ErrorCode: 100, Message: "Maintenance" }, 503));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    await expect(client.getCurrentServer()).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(3);
  });

  it("retries a GET after a network error", async () => {
    const { fetch, requests } = fakeFetch((_request, attempt) => (attempt === 1 ? Promise.reject(new TypeError("fetch failed")) : serverAnswer()));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    await expect(client.getCurrentServer()).resolves.toMatchObject({ ID: 1 });
    expect(requests).toHaveLength(2);
  });

  it.each([429, 500, 503])("never retries a send answered %i", async (status) => {
    const { fetch, requests } = fakeFetch(failThenSucceed(status, () => json(ok)));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    await expect(client.sendEmail({ body: message })).rejects.toMatchObject({ status });
    expect(requests).toHaveLength(1);
  });

  it("never retries a send after a network error: it may have gone out", async () => {
    const { fetch, requests } = fakeFetch(() => Promise.reject(new TypeError("socket hang up")));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    await expect(client.sendEmail({ body: message })).rejects.toBeInstanceOf(NetworkError);
    expect(requests).toHaveLength(1);
  });

  it("never retries a PATCH", async () => {
    const { fetch, requests } = fakeFetch(() => json({ ErrorCode: 1, Message: "x" }, 500));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    await expect(client.editMessageStream({ params: { path: { streamId: "outbound" } }, body: { Name: "Main" } })).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(1);
  });

  it("retries a send when the caller opts in for that call, with the same body", async () => {
    const { fetch, requests } = fakeFetch(failThenSucceed(503, () => json(ok)));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    await expect(client.sendEmail({ body: message, retry: true })).resolves.toMatchObject({ ErrorCode: 0 });
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toEqual(message);
    // The opt-in is for that call only.
    const next = fakeFetch(failThenSucceed(503, () => json(ok)));
    const other = createPostmarkClient({ serverToken, fetch: next.fetch, retry: fastRetry });
    await expect(other.sendEmail({ body: message })).rejects.toBeInstanceOf(ServerError);
  });

  it("honours Retry-After", async () => {
    const { fetch, requests } = fakeFetch(failThenSucceed(429, serverAnswer, { "retry-after": "0.2" }));
    const client = createPostmarkClient({ serverToken, fetch, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5_000 } });
    const started = performance.now();
    await client.getCurrentServer();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(requests).toHaveLength(2);
  });

  it("does not retry at all with retry: false", async () => {
    const { fetch, requests } = fakeFetch(() => json({ ErrorCode: 100, Message: "Maintenance" }, 503));
    const client = createPostmarkClient({ serverToken, fetch, retry: false });
    await expect(client.getCurrentServer()).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(1);
  });
});

describe("timeouts and aborts", () => {
  it("fails an attempt that takes longer than timeoutMs", async () => {
    const { fetch, calls } = hangingFetch();
    const client = createPostmarkClient({ serverToken, fetch, timeoutMs: 30, retry: false });
    const error = await client.getCurrentServer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operationId: "getCurrentServer", status: 0, message: "No answer within 30 ms." });
    expect(calls()).toBe(1);
  });

  it("does not retry a timed-out send", async () => {
    const { fetch, calls } = hangingFetch();
    const client = createPostmarkClient({ serverToken, fetch, timeoutMs: 20, retry: fastRetry });
    await expect(client.sendEmail({ body: message })).rejects.toBeInstanceOf(TimeoutError);
    expect(calls()).toBe(1);
  });

  it("aborts at once when the caller's signal fires, without retrying", async () => {
    const { fetch, calls } = hangingFetch();
    const client = createPostmarkClient({ serverToken, fetch, timeoutMs: 60_000, retry: fastRetry });
    const controller = new AbortController();
    const call = client.getCurrentServer({ signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(call).rejects.toBeInstanceOf(AbortError);
    expect(calls()).toBe(1);
  });

  it("does not start a request whose signal has already fired", async () => {
    const { fetch, requests } = fakeFetch();
    const client = createPostmarkClient({ serverToken, fetch });
    await expect(client.getCurrentServer({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(0);
  });
});

describe("the fetch option", () => {
  /** Like a browser's or workerd's fetch: it refuses to run as a method of any other object. */
  function platformFetch(answer: () => Response) {
    let calls = 0;
    const fetch = function (this: unknown, _input: string | Request, _init?: RequestInit): Promise<Response> {
      calls++;
      if (this !== undefined && this !== globalThis) {
        return Promise.reject(new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"));
      }
      return Promise.resolve(answer());
    };
    return { fetch, calls: () => calls };
  }

  it.each([
    ["a named method", (client: ReturnType<typeof createPostmarkClient>) => client.getCurrentServer()],
    ["a path-typed method", async (client: ReturnType<typeof createPostmarkClient>) => (await client.GET("/server")).data],
  ])("calls the platform's fetch unbound from %s, with and without middleware", async (_kind, call) => {
    const { fetch } = platformFetch(serverAnswer);
    const client = createPostmarkClient({ serverToken, fetch, retry: false });
    await expect(call(client)).resolves.toEqual({ ID: 1, Name: "Production" });
    client.use({ onRequest: () => undefined });
    await expect(call(client)).resolves.toEqual({ ID: 1, Name: "Production" });
  });

  it("works when the platform's fetch is the global one and no option is given", async () => {
    const { fetch } = platformFetch(serverAnswer);
    const original = globalThis.fetch;
    globalThis.fetch = fetch as typeof globalThis.fetch;
    try {
      await expect(createPostmarkClient({ serverToken, retry: false }).getCurrentServer()).resolves.toMatchObject({ ID: 1 });
      await expect(createPostmarkClient({ serverToken, retry: false, fetch: globalThis.fetch }).getCurrentServer()).resolves.toMatchObject({ ID: 1 });
    } finally {
      globalThis.fetch = original;
    }
  });

  it("reports a fetch that refuses the call as a ConfigurationError and does not retry it", async () => {
    const { fetch, calls } = platformFetch(serverAnswer);
    const boundToSomethingElse = fetch.bind({});
    const client = createPostmarkClient({ serverToken, fetch: boundToSomethingElse, retry: fastRetry });
    const error = await client.getCurrentServer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ operationId: "getCurrentServer", status: 0, message: expect.stringContaining("Illegal invocation") });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(calls()).toBe(1);
  });

  it("still retries a GET whose connection failed", async () => {
    const { fetch, requests } = fakeFetch((_request, attempt) => (attempt === 1 ? Promise.reject(new TypeError("Failed to fetch")) : serverAnswer()));
    const client = createPostmarkClient({ serverToken, fetch, retry: fastRetry });
    await expect(client.getCurrentServer()).resolves.toMatchObject({ ID: 1 });
    expect(requests).toHaveLength(2);
  });
});
