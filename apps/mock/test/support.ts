// Shared by the mock's tests: one mock per test file on a free port, and the spec's operations
// with example requests built from the spec's own examples.
import { exampleRequest, listOperations, resolveRef, successStatus } from "@postmark-openapi/spec/tools";
import { afterAll, beforeAll } from "vitest";
import { loadSpec } from "../src/spec.js";
import { startMockServer, type MockOptions } from "../src/http/server.js";

export const spec = loadSpec();
export const token = "mock-test-token";

/** Starts a mock before the file's tests and stops it after them. */
export function useMock(options = {}) {
  const handle = { url: "", lines: /** @type {string[]} */ ([]) };
  let mock;
  beforeAll(async () => {
    mock = await startMockServer({ host: "127.0.0.1", port: 0, log: (line) => handle.lines.push(line), ...options });
    handle.url = mock.url;
  });
  afterAll(async () => {
    await mock?.close();
  });
  return handle;
}

export function resolve(node) {
  return resolveRef(spec, node);
}

/**
 * Every operation of the spec with an example request (path and required query parameters from
 * their examples, the body from the first request example) and where its success answer is.
 */
export function exampleRequests() {
  return listOperations(spec).map((entry) => {
    const { queryParams, securityScheme, ...request } = exampleRequest(spec, entry);
    const status = successStatus(entry.operation);
    return {
      ...request,
      query: queryParams,
      token: securityScheme,
      successStatus: Number(status),
      responseSchemaPointer: `#/paths/${entry.path.replace(/~/g, "~0").replace(/\//g, "~1")}/${entry.method}/responses/${status}`,
    };
  });
}

/** The concrete URL path of an example request. */
export function concretePath(request) {
  return request.path.replace(/\{([^}]+)\}/g, (_match, name) => encodeURIComponent(String(request.pathParams[name])));
}

export function tokenHeaders(scheme, value = token) {
  return scheme === "AccountToken" ? { "X-Postmark-Account-Token": value } : { "X-Postmark-Server-Token": value };
}

/** A plain fetch to the mock with Postmark's usual headers. */
export async function call(baseUrl, method, path, { headers = {}, body, query } = {}) {
  const url = new URL(path, baseUrl);
  for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, String(value));
  const response = await fetch(url, {
    method,
    headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
