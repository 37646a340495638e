// createPostmarkClient: openapi-fetch's path-typed methods plus one named method per operation,
// all sharing auth routing, timeouts, retries and Postmark-shaped errors.
import type { Client } from "openapi-fetch";
import { authHeaderFor, checkTokens } from "./auth.js";
import { ConfigurationError, createPostmarkError } from "./errors.js";
import { operations, type OperationId, type OperationSignatures } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { addMiddleware, middlewareForCall, nextRequestId, removeMiddleware, type CallMiddleware, type Middleware } from "./middleware.js";
import { fillPath, prepareRequest, readResponse, serializeQuery, type FetchResult, type RequestInitLike } from "./request.js";
import { parseRetryAfter, resolveRetryOptions, type RetryOptions } from "./retry.js";
import { createTransport, type FetchFunction } from "./transport.js";

export interface PostmarkClientOptions {
  /** Token of one server (`X-Postmark-Server-Token`): sending, delivery data, templates, streams, webhooks. */
  serverToken?: string | undefined;
  /** Account token (`X-Postmark-Account-Token`): servers, domains, sender signatures, template pushes, data removals. */
  accountToken?: string | undefined;
  /** Default `https://api.postmarkapp.com`. Point it at the mock with `http://127.0.0.1:4010`. */
  baseUrl?: string;
  /**
   * A fetch implementation with the standard signature; default `globalThis.fetch`. It is always
   * called as a plain function, so a runtime's own `fetch` can be passed as it is.
   */
  fetch?: FetchFunction;
  /** Time allowed for each attempt before it fails with a TimeoutError. Default 30,000 ms. */
  timeoutMs?: number;
  /** Retry settings for GET, PUT and DELETE, or `false` for none. */
  retry?: RetryOptions | false;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export const defaultBaseUrl = "https://api.postmarkapp.com";
export const defaultTimeoutMs = 30_000;

/** Per-call extras of a named method. */
export interface NamedCallOptions {
  /**
   * Retry this call on 429, 500, 503 and network errors even though it is a POST or PATCH. Only
   * for calls that are safe to repeat: a retried send can deliver the same email twice.
   */
  retry?: boolean;
}

/** What every call may add to its params and body: openapi-fetch's other init fields. */
export interface CommonInit {
  headers?: Record<string, string | undefined> | Headers | [string, string][];
  signal?: AbortSignal | null;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
  /** Middleware for this call only, run after the client's own. */
  middleware?: Middleware[];
}

/** The init object of a named method: openapi-fetch's `{ params, body, signal, headers }`. */
export type OperationInit<K extends OperationId> = OperationSignatures[K]["init"] & CommonInit & NamedCallOptions;

/** What a named method resolves to: the operation's typed success body. */
export type OperationResult<K extends OperationId> = OperationSignatures[K]["result"];

/** The init is optional when the operation has no required parameter or body. */
type InitArgs<K extends OperationId> = OperationSignatures[K]["initRequired"] extends true ? [init: OperationInit<K>] : [init?: OperationInit<K>];

/** One method per operationId in the spec. */
export type NamedOperations = {
  [K in OperationId]: (...init: InitArgs<K>) => Promise<OperationResult<K>>;
};

/** openapi-fetch's path-typed methods, with its `{ data, error, response }` results, and its `use` and `eject` for middleware. */
export type PathClient = Pick<Client<paths, "application/json">, "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "request" | "use" | "eject">;

export type PostmarkClient = PathClient & NamedOperations;

type Caller = (method: string, path: string, init: RequestInitLike & NamedCallOptions, operationId: OperationId | undefined) => Promise<FetchResult>;

export function createPostmarkClient(options: PostmarkClientOptions = {}): PostmarkClient {
  const tokens = checkTokens({ serverToken: options.serverToken, accountToken: options.accountToken });
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError("timeoutMs must be a positive number");
  const fetch: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const send = createTransport({
    fetch,
    timeoutMs,
    retry: resolveRetryOptions(options.retry),
  });
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "");
  const baseHeaders = { Accept: "application/json", ...options.headers };
  const routes = routesOf();
  const middleware: Middleware[] = [];
  // What hooks see as `options`, as openapi-fetch gives it; its fetch is safe to call as a method.
  const optionsForHooks = {
    baseUrl,
    querySerializer: serializeQuery,
    bodySerializer: (body: unknown) => JSON.stringify(body),
    pathSerializer: fillPath,
    fetch: ((input: string | Request, init?: RequestInit) => fetch(input, init ?? {})) as typeof globalThis.fetch,
  };

  const call: Caller = async (method, path, init, operationId = routes.get(`${method} ${path}`)) => {
    const target = { operationId, method, path };
    if (!operationId) {
      throw new ConfigurationError({ ...target, status: 0, errorCode: undefined, message: `${method} ${path} is not an operation of the Postmark API.` });
    }
    const [header, token] = authHeaderFor(operations[operationId].token, tokens, target);
    const prepared = prepareRequest(baseUrl, method, path, init, baseHeaders);
    prepared.init.headers[header] = token;
    const chain = middlewareForCall(middleware, init.middleware);
    const hooks: CallMiddleware | undefined = chain && {
      chain,
      context: {
        schemaPath: path,
        params: init.params ?? {},
        id: nextRequestId(),
        options: Object.freeze({ ...optionsForHooks, parseAs: init.parseAs ?? "json" }),
      },
    };
    const response = await send(prepared, { target, retryUnsafe: init.retry, middleware: hooks });
    return readResponse(response, init.parseAs);
  };

  const pathMethod = (method: string) => (path: string, init: RequestInitLike = {}) => call(method, path, init, undefined);
  const client: Record<string, unknown> = {
    GET: pathMethod("GET"),
    PUT: pathMethod("PUT"),
    POST: pathMethod("POST"),
    DELETE: pathMethod("DELETE"),
    PATCH: pathMethod("PATCH"),
    request: (method: string, path: string, init: RequestInitLike = {}) => call(method.toUpperCase(), path, init, undefined),
    use: (...added: Middleware[]) => addMiddleware(middleware, added),
    eject: (...removed: Middleware[]) => removeMiddleware(middleware, removed),
  };

  for (const operationId of Object.keys(operations) as OperationId[]) {
    const { method, path } = operations[operationId];
    client[operationId] = async (init: RequestInitLike & NamedCallOptions = {}) => {
      const { data, error, response } = await call(method, path, init, operationId);
      if (error !== undefined || !response.ok) {
        throw createPostmarkError({ operationId, method, path }, response.status, error, response.headers.get("content-type"), parseRetryAfter(response.headers.get("retry-after")));
      }
      return data;
    };
  }

  return client as unknown as PostmarkClient;
}

/** "METHOD /path/template" → operationId, for calls through the path-typed methods. */
function routesOf(): Map<string, OperationId> {
  const routes = new Map<string, OperationId>();
  for (const operationId of Object.keys(operations) as OperationId[]) routes.set(`${operations[operationId].method} ${operations[operationId].path}`, operationId);
  return routes;
}
