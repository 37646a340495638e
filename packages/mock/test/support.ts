// Shared by the mock's tests: one mock per test file on a free port, and the spec's operations
// with example requests built from the spec's own examples.
import { exampleRequest, listOperations, resolveRef, successStatus } from "@postmark-openapi/spec/tools";
import { afterAll, beforeAll } from "vitest";
import { loadSpec } from "../src/spec.js";
import { startMockServer, type MockOptions, type RunningMock } from "../src/http/server.js";
import type { Json } from "../src/front/operations.js";

export const spec = loadSpec();
export const token = "mock-test-token";

/** Starts a mock before the file's tests and stops it after them. */
export function useMock(options: MockOptions = {}): { url: string; lines: string[] } {
  const handle = { url: "", lines: [] as string[] };
  let mock: RunningMock | undefined;
  beforeAll(async () => {
    mock = await startMockServer({ host: "127.0.0.1", port: 0, log: (line) => handle.lines.push(line), ...options });
    handle.url = mock.url;
  });
  afterAll(async () => {
    await mock?.close();
  });
  return handle;
}

// Tests walk the spec's JSON freely; its shape is checked by the spec's own tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resolve(node: unknown): any {
  return resolveRef(spec, node);
}

/**
 * Every operation of the spec with an example request (path and required query parameters from
 * their examples, the body from the first request example) and where its success answer is.
 */
export type ExampleRequest = ReturnType<typeof exampleRequests>[number];

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
export function concretePath(request: Pick<ExampleRequest, "path" | "pathParams">): string {
  return request.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(String(request.pathParams[name])));
}

export function tokenHeaders(scheme: string | undefined, value = token): Record<string, string> {
  return scheme === "AccountToken" ? { "X-Postmark-Account-Token": value } : { "X-Postmark-Server-Token": value };
}

/** A plain fetch to the mock with Postmark's usual headers. */
export interface CallOptions {
  headers?: Record<string, string>;
  body?: unknown;
  query?: Record<string, unknown>;
  /** how long the answer may take (default 5 s) */
  timeoutMs?: number;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // Tests read answers field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function call(baseUrl: string, method: string, path: string, { headers = {}, body, query, timeoutMs = 5_000 }: CallOptions = {}): Promise<CallResult> {
  const url = new URL(path, baseUrl);
  for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, String(value));
  const response = await fetch(url, {
    method,
    headers: { Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
