// createPostmarkCore with the operation functions: the same requests, results and errors as
// createPostmarkClient's methods, with retries and middleware only when the options add them.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { accountToken, fakeFetch, hangingFetch, json, serverToken, type RecordedRequest } from "../test/fake-fetch.js";
import * as client from "./index.js";
import {
  ConfigurationError,
  InactiveRecipientError,
  ServerError,
  TimeoutError,
  createPostmarkClient,
  createPostmarkCore,
  getCurrentServer,
  middlewareStack,
  paginate,
  retries,
  sendEmail,
  sendEmailsInBatches,
  type Middleware,
  type OperationId,
} from "./index.js";

type Json = Record<string, any>;
const spec = createRequire(import.meta.url)("@postmark-openapi/spec/openapi.json") as Json;

/** Every operation of the spec with an init that fills each path and query parameter, and a body where it takes one. */
const specOperations = Object.values(spec.paths as Json).flatMap((pathItem: Json) =>
  Object.values(pathItem)
    .filter((operation: Json) => typeof operation?.operationId === "string")
    .map((operation: Json) => {
      const parameters = (operation.parameters ?? []).map((parameter: Json) => (parameter.$ref ? resolve(parameter.$ref) : parameter));
      const valuesIn = (place: string) => Object.fromEntries(parameters.filter((parameter: Json) => parameter.in === place).map((parameter: Json) => [parameter.name, "1"]));
      const init = { params: { path: valuesIn("path"), query: valuesIn("query") }, ...(operation.requestBody ? { body: { Name: "x" } } : {}) };
      return [operation.operationId as OperationId, init] as const;
    }),
);

function resolve(ref: string): Json {
  return ref
    .slice(2)
    .split("/")
    .reduce((node: Json, key) => node[key], spec);
}

const fastRetry = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };
const message = { From: "sender@example.com", To: "someone@example.org", Subject: "Hi", TextBody: "Hello" };
const server = { ID: 1, Name: "Production" };
const describeRequest = ({ method, url, headers, body }: RecordedRequest) => ({ method, url: url.href, headers: Object.fromEntries(headers), body });
type AnyOperation = (client: client.PostmarkCore, init: never) => Promise<unknown>;

describe("operation functions", () => {
  it("cover every operation of the spec", () => {
    expect(specOperations).toHaveLength(84);
    for (const [operationId] of specOperations) expect(client[operationId], operationId).toBeTypeOf("function");
  });

  it.each(specOperations)("%s sends what the client's method sends", async (operationId, init) => {
    const viaMethod = fakeFetch(() => json({}));
    const viaFunction = fakeFetch(() => json({}));
    const options = { serverToken, accountToken, baseUrl: "http://127.0.0.1:4010" };
    await (createPostmarkClient({ ...options, fetch: viaMethod.fetch })[operationId] as (init: never) => Promise<unknown>)(init as never);
    await (client[operationId] as AnyOperation)(createPostmarkCore({ ...options, fetch: viaFunction.fetch }), init as never);
    expect(viaFunction.requests.map(describeRequest)).toEqual(viaMethod.requests.map(describeRequest));
  });

  it("take a createPostmarkClient client too", async () => {
    const { fetch, requests } = fakeFetch(() => json(server));
    await expect(getCurrentServer(createPostmarkClient({ serverToken, fetch }))).resolves.toEqual(server);
    expect(requests).toHaveLength(1);
  });

  it("resolve to the success body and throw the client's errors", async () => {
    const answers = [json({ ErrorCode: 0, Message: "OK", MessageID: "m1" }), json({ ErrorCode: 406, Message: "Inactive recipient." }, 422)];
    const postmark = createPostmarkCore({ serverToken, fetch: fakeFetch(() => answers.shift()!).fetch });
    await expect(sendEmail(postmark, { body: message })).resolves.toMatchObject({ MessageID: "m1" });
    const error = await sendEmail(postmark, { body: message }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InactiveRecipientError);
    expect(error).toMatchObject({ status: 422, errorCode: 406, operationId: "sendEmail", method: "POST", path: "/email" });
    expect(Object.keys(error as object)).not.toContain("token");
  });

  it("say what is missing when called without a client", async () => {
    await expect((sendEmail as unknown as (init: unknown) => Promise<unknown>)({ body: message })).rejects.toThrow("sendEmail needs a client as its first argument");
  });

  it("ask for the token their operation needs, before sending anything", async () => {
    const { fetch, requests } = fakeFetch();
    const error = await client.listDomains(createPostmarkCore({ serverToken, fetch }), { params: { query: { count: 1, offset: 0 } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe("listDomains needs an account token: pass `accountToken` when you create the client.");
    expect(requests).toHaveLength(0);
  });

  it("keep the core's timeout", async () => {
    const postmark = createPostmarkCore({ serverToken, fetch: hangingFetch().fetch, timeoutMs: 20 });
    await expect(getCurrentServer(postmark)).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("a core client's retries", () => {
  const failing = () => fakeFetch((_request, attempt) => (attempt === 1 ? json({ ErrorCode: 100, Message: "Maintenance" }, 503) : json(server)));

  it("are none without the retry option", async () => {
    const { fetch, requests } = failing();
    await expect(getCurrentServer(createPostmarkCore({ serverToken, fetch }))).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(1);
  });

  it("are retries()'s: a GET again, a send never unless the call asks", async () => {
    const get = failing();
    await expect(getCurrentServer(createPostmarkCore({ serverToken, fetch: get.fetch, retry: retries(fastRetry) }))).resolves.toEqual(server);
    expect(get.requests).toHaveLength(2);
    const send = failing();
    const postmark = createPostmarkCore({ serverToken, fetch: send.fetch, retry: retries(fastRetry) });
    await expect(sendEmail(postmark, { body: message })).rejects.toBeInstanceOf(ServerError);
    expect(send.requests).toHaveLength(1);
    await expect(sendEmail(postmark, { body: message, retry: true })).resolves.toEqual(server);
    expect(send.requests).toHaveLength(2);
  });

  it("refuse settings that make no sense", () => {
    expect(() => retries({ baseDelayMs: -1 })).toThrow("retry.baseDelayMs");
  });
});

describe("a core client's middleware", () => {
  it("runs the stack's middleware, and what use and eject change", async () => {
    const { fetch, requests } = fakeFetch(() => json(server));
    const seen: string[] = [];
    const first: Middleware = { onRequest: ({ request }) => void seen.push(`first ${new URL(request.url).pathname}`) };
    const second: Middleware = { onResponse: ({ response }) => void seen.push(`second ${response.status}`) };
    const stack = middlewareStack(first);
    const postmark = createPostmarkCore({ serverToken, fetch, middleware: stack });
    await getCurrentServer(postmark);
    stack.use(second);
    stack.eject(first);
    await getCurrentServer(postmark, { middleware: [{ onRequest: () => void seen.push("per call") }] });
    expect(seen).toEqual(["first /server", "per call", "second 200"]);
    expect(requests).toHaveLength(2);
  });

  it("refuses middleware for one call on a client without a stack, before sending", async () => {
    const { fetch, requests } = fakeFetch(() => json(server));
    const call = getCurrentServer(createPostmarkCore({ serverToken, fetch }), { middleware: [{ onRequest: () => undefined }] });
    await expect(call).rejects.toBeInstanceOf(ConfigurationError);
    await expect(call).rejects.toThrow("Middleware for one call needs a client made with `middleware: middlewareStack()`.");
    expect(requests).toHaveLength(0);
  });
});

describe("helpers on a core client", () => {
  it("paginate walks the pages", async () => {
    const { fetch, requests } = fakeFetch((request) => {
      const offset = Number(request.url.searchParams.get("offset"));
      return json({ TotalCount: 3, Bounces: [{ ID: offset + 1 }, { ID: offset + 2 }].slice(0, 3 - offset) });
    });
    const ids: number[] = [];
    for await (const bounce of paginate(createPostmarkCore({ serverToken, fetch }), "listBounces", undefined, { pageSize: 2 })) ids.push(bounce.ID);
    expect(ids).toEqual([1, 2, 3]);
    expect(requests.map((request) => request.url.search)).toEqual(["?count=2&offset=0", "?count=2&offset=2"]);
  });

  it("sendEmailsInBatches sends through the batch endpoint", async () => {
    const { fetch, requests } = fakeFetch((request) => json((request.body as unknown[]).map(() => ({ ErrorCode: 0, Message: "OK", MessageID: "m" }))));
    const summary = await sendEmailsInBatches(createPostmarkCore({ serverToken, fetch }), [message, message]);
    expect(summary.accepted).toHaveLength(2);
    expect(requests.map((request) => request.url.pathname)).toEqual(["/email/batch"]);
  });
});
