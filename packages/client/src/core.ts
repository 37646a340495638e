// createPostmarkCore: a client without methods, for bundles that should carry only what they use.
// It holds the tokens and settings and makes the calls of the operation functions
// (`sendEmail(postmark, init)`), `paginate` and the batch helpers. Retries and middleware come with
// the options that add them; createPostmarkClient is this core with both and a method per operation.
import { authHeaderFor, checkTokens } from "./auth.js";
import { ConfigurationError, callError } from "./errors.js";
import type { TokenOption } from "./generated/operations.js";
import { hooksForCall, type MiddlewareStack } from "./middleware.js";
import { mergeHeaders, prepareRequest, readResponse, type FetchResult, type pathWithParams, type RequestInitLike } from "./request.js";
import type { RetryPolicy } from "./retry.js";
import { createAttempt, type FetchFunction } from "./transport.js";

export const defaultBaseUrl = "https://api.postmarkapp.com";
export const defaultTimeoutMs = 30_000;

/** The options every client takes. */
export interface ConnectionOptions {
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
  /** Headers sent with every request. */
  headers?: Record<string, string>;
}

export interface PostmarkCoreOptions extends ConnectionOptions {
  /** Retries, as `retries()` makes them. Without this option nothing is retried. */
  retry?: RetryPolicy | undefined;
  /** Middleware, as `middlewareStack()` makes it. Without this option, middleware for one call is refused. */
  middleware?: MiddlewareStack | undefined;
}

/** An operation as a client calls it: what its errors name, the token it needs and how its URL is made. */
export interface Operation {
  operationId: string;
  method: string;
  path: string;
  token: TokenOption;
  /**
   * `pathWithParams`, for an operation with path or query parameters; without it the path is the
   * template as it is, and a bundle of operations without parameters carries no URL building.
   */
  withParams?: typeof pathWithParams | undefined;
}

/** openapi-fetch's init object, plus the per-call retry opt-in for POST and PATCH. */
export interface CallInit extends RequestInitLike {
  retry?: boolean | undefined;
}

/** Makes one call of an operation; resolves to openapi-fetch's `{ data, error, response }`. */
export type CoreCall = (operation: Operation, init: CallInit) => Promise<FetchResult>;

/** Where a client keeps its calls. */
export const coreCall: unique symbol = Symbol("call");

/** A client the operation functions, `paginate` and the batch helpers can call through. */
export interface PostmarkCore {
  readonly [coreCall]: CoreCall;
}

/**
 * A client for the operation functions (`sendEmail(postmark, init)`), `paginate` and the batch
 * helpers, which bundles only what the program imports. Pass `retry: retries()` for retries and
 * `middleware: middlewareStack(...)` for middleware.
 */
export function createPostmarkCore(options: PostmarkCoreOptions = {}): PostmarkCore {
  return { [coreCall]: createCall(options) };
}

/** The calls of a client with these options. */
export function createCall(options: PostmarkCoreOptions): CoreCall {
  const tokens = checkTokens(options);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError("timeoutMs must be a positive number");
  const fetch: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const attempt = createAttempt(fetch, timeoutMs);
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "");
  const baseHeaders: Record<string, string> = { accept: "application/json" };
  mergeHeaders(baseHeaders, options.headers);
  const { retry, middleware } = options;

  return async (operation, init) => {
    // The operation is also the target its errors name (they copy only operationId, method and path).
    const { method, path } = operation;
    const target = operation;
    const [header, token] = authHeaderFor(operation.token, tokens, target);
    const url = baseUrl + (operation.withParams ? operation.withParams(path, init.params) : path);
    const prepared = prepareRequest(url, method, init, baseHeaders);
    prepared.init.headers[header] = token;
    if (!middleware && init.middleware?.length) {
      throw callError(ConfigurationError, target, "Middleware for one call needs a client made with `middleware: middlewareStack()`.");
    }
    const hooks = middleware?.[hooksForCall](path, init, { baseUrl, fetch });
    const once = () => attempt(prepared, target, hooks);
    const response = await (retry ? retry.send(once, { method, retryUnsafe: init.retry === true, signal: init.signal, target }) : once());
    return readResponse(response, init.parseAs);
  };
}
