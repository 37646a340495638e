// createPostmarkClient: openapi-fetch's path-typed methods plus one named method per operation,
// all sharing auth routing, timeouts, retries and Postmark-shaped errors.
import createClient, { type Client, type FetchResponse, type MaybeOptionalInit, type Middleware } from "openapi-fetch";
import { authHeaderFor, checkTokens } from "./auth.js";
import { ConfigurationError, createPostmarkError, type RequestTarget } from "./errors.js";
import { operationByRoute, operations, type OperationId } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { parseRetryAfter, resolveRetryOptions, type RetryOptions } from "./retry.js";
import { createTransport, type CallOptions, type FetchFunction } from "./transport.js";

export interface PostmarkClientOptions {
  /** Token of one server (`X-Postmark-Server-Token`): sending, delivery data, templates, streams, webhooks. */
  serverToken?: string | undefined;
  /** Account token (`X-Postmark-Account-Token`): servers, domains, sender signatures, template pushes, data removals. */
  accountToken?: string | undefined;
  /** Default `https://api.postmarkapp.com`. Point it at the mock with `http://127.0.0.1:4010`. */
  baseUrl?: string;
  /** A fetch implementation; default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Time allowed for each attempt before it fails with a TimeoutError. Default 30,000 ms. */
  timeoutMs?: number;
  /** Retry settings for GET, PUT and DELETE, or `false` for none. */
  retry?: RetryOptions | false;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export const defaultBaseUrl = "https://api.postmarkapp.com";
export const defaultTimeoutMs = 30_000;

type Operations = typeof operations;
type PathOf<K extends OperationId> = Operations[K]["path"];
type MethodOf<K extends OperationId> = Lowercase<Operations[K]["method"]> & keyof paths[PathOf<K>];

/** Per-call extras of a named method. */
export interface NamedCallOptions {
  /**
   * Retry this call on 429, 500, 503 and network errors even though it is a POST or PATCH. Only
   * for calls that are safe to repeat: a retried send can deliver the same email twice.
   */
  retry?: boolean;
}

type FetchInit<K extends OperationId> = MaybeOptionalInit<paths[PathOf<K>], MethodOf<K>>;

/** The init object of a named method: openapi-fetch's `{ params, body, signal, headers }`. */
export type OperationInit<K extends OperationId> = NonNullable<FetchInit<K>> & NamedCallOptions;

/** What a named method resolves to: the operation's typed success body. */
export type OperationResult<K extends OperationId> = Exclude<
  Extract<FetchResponse<NonNullable<paths[PathOf<K>][MethodOf<K>]>, NonNullable<FetchInit<K>>, "application/json">, { error?: never }>["data"],
  undefined
>;

/** The init is optional when the operation has no required parameter or body. */
type InitArgs<K extends OperationId> = undefined extends FetchInit<K> ? [init?: OperationInit<K>] : [init: OperationInit<K>];

/** One method per operationId in the spec. */
export type NamedOperations = {
  [K in OperationId]: (...init: InitArgs<K>) => Promise<OperationResult<K>>;
};

export type PathClient = Client<paths, "application/json">;

export type PostmarkClient = PathClient & NamedOperations;

export function createPostmarkClient(options: PostmarkClientOptions = {}): PostmarkClient {
  const tokens = checkTokens({ serverToken: options.serverToken, accountToken: options.accountToken });
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError("timeoutMs must be a positive number");
  const baseFetch: FetchFunction = options.fetch ?? ((request) => globalThis.fetch(request));
  const send = createTransport({ fetch: baseFetch, timeoutMs, retry: resolveRetryOptions(options.retry) });
  const callOptions = new WeakMap<Request, CallOptions>();

  const pathClient = createClient<paths, "application/json">({
    baseUrl: options.baseUrl ?? defaultBaseUrl,
    headers: { Accept: "application/json", ...options.headers },
    fetch: (request: Request) => send(request, callOptions.get(request) ?? { target: targetOfUnknown(request) }),
  });

  const routing: Middleware = {
    onRequest({ request, schemaPath }) {
      const operationId = operationByRoute[`${request.method} ${schemaPath}`];
      const target: RequestTarget = { operationId, method: request.method, path: schemaPath };
      if (!operationId) {
        throw new ConfigurationError({ ...target, status: 0, errorCode: undefined, message: `${request.method} ${schemaPath} is not an operation of the Postmark API.` });
      }
      const [header, token] = authHeaderFor(operations[operationId].token, tokens, target);
      request.headers.set(header, token);
      callOptions.set(request, { target });
      return undefined;
    },
  };
  pathClient.use(routing);

  // Per-call middleware, after `routing`: marks this one POST or PATCH as safe to retry.
  const retryThisCall: Middleware = {
    onRequest({ request }) {
      const call = callOptions.get(request);
      if (call) call.retryUnsafe = true;
      return undefined;
    },
  };

  const named = {} as Record<OperationId, (init?: Record<string, unknown>) => Promise<unknown>>;
  for (const operationId of Object.keys(operations) as OperationId[]) {
    const { method, path } = operations[operationId];
    named[operationId] = async (init = {}) => {
      const { retry, ...fetchInit } = init as NamedCallOptions & Record<string, unknown>;
      const requestInit = retry ? { ...fetchInit, middleware: [retryThisCall] } : fetchInit;
      const { data, error, response } = await pathClient.request(method as never, path as never, requestInit as never);
      if (error !== undefined || !response.ok) {
        const target = { operationId, method, path };
        throw createPostmarkError(target, response.status, error, response.headers.get("content-type"), parseRetryAfter(response.headers.get("retry-after")));
      }
      return data;
    };
  }

  return Object.assign(pathClient, named) as unknown as PostmarkClient;
}

function targetOfUnknown(request: Request): RequestTarget {
  return { operationId: undefined, method: request.method, path: new URL(request.url).pathname };
}
