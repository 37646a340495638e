import { listOperations, loadBundledSpec } from "@postmark-openapi/spec/tools";
import { describe, expect, it } from "vitest";
import { accountToken, fakeFetch, json, serverToken } from "../test/fake-fetch.js";
import { ConfigurationError, createPostmarkClient, operations, type OperationId } from "./index.js";

const headerOf = { serverToken: "x-postmark-server-token", accountToken: "x-postmark-account-token" } as const;
const otherOf = { serverToken: "accountToken", accountToken: "serverToken" } as const;

/** An init that fills every path parameter, and a body for methods that take one. */
function initFor(operationId: OperationId) {
  const { method, path } = operations[operationId];
  const pathParams = Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map((match) => [match[1], "1"]));
  return { params: { path: pathParams }, ...(method === "GET" || method === "DELETE" ? {} : { body: {} }) } as never;
}

const cases = (Object.keys(operations) as OperationId[]).map((operationId) => [operationId, operations[operationId].token] as const);

describe("auth routing, for every operation in the spec", () => {
  it("covers every operation of the spec", () => {
    expect(cases).toHaveLength(listOperations(loadBundledSpec()).length);
  });

  it.each(cases)("%s sends only its %s header", async (operationId, token) => {
    const { fetch, requests } = fakeFetch(() => json({}));
    const client = createPostmarkClient({ serverToken, accountToken, fetch });
    await (client[operationId] as (init: never) => Promise<unknown>)(initFor(operationId));
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.method).toBe(operations[operationId].method);
    expect(request!.headers.get(headerOf[token])).toBe(token === "serverToken" ? serverToken : accountToken);
    expect(request!.headers.get(headerOf[otherOf[token]])).toBeNull();
  });

  it.each(cases)("%s without its %s fails before any request", async (operationId, token) => {
    const { fetch, requests } = fakeFetch();
    const client = createPostmarkClient({ [otherOf[token]]: "the-other-token", fetch });
    const call = (client[operationId] as (init: never) => Promise<unknown>)(initFor(operationId));
    await expect(call).rejects.toBeInstanceOf(ConfigurationError);
    await expect(call).rejects.toThrow(new RegExp(`^${operationId} needs an? (server|account) token: pass \`${token}\``));
    expect(requests).toHaveLength(0);
  });

  it("routes the path-typed methods the same way", async () => {
    const { fetch, requests } = fakeFetch(() => json({ TotalCount: 0, Domains: [] }));
    const client = createPostmarkClient({ serverToken, accountToken, fetch });
    await client.GET("/domains", { params: { query: { count: 10, offset: 0 } } });
    expect(requests[0]!.headers.get("x-postmark-account-token")).toBe(accountToken);
    expect(requests[0]!.headers.get("x-postmark-server-token")).toBeNull();
  });
});

describe("tokens given at construction", () => {
  it.each([
    ["serverToken", "abc\r\nX-Injected: 1"],
    ["serverToken", "abc\n"],
    ["accountToken", "abc\rdef"],
  ])("rejects a %s with a line break, without echoing it", (option, token) => {
    expect(() => createPostmarkClient({ [option]: token })).toThrow(`${option} contains a line break`);
    try {
      createPostmarkClient({ [option]: token });
    } catch (error) {
      expect(String(error)).not.toContain("abc");
    }
  });

  it("rejects an empty token", () => {
    expect(() => createPostmarkClient({ serverToken: "  " })).toThrow("serverToken is empty");
  });
});
