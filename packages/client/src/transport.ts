// Sends a prepared request: a timeout per attempt, the caller's abort signal, middleware on every
// attempt, and retries with backoff for the methods and answers where repeating is safe. Bodies
// are JSON strings, so a retry sends the very same bytes again.
import { AbortError, ConfigurationError, NetworkError, TimeoutError, type RequestTarget } from "./errors.js";
import { isNetworkFailure } from "./fetch-failure.js";
import { runMiddleware, type CallMiddleware } from "./middleware.js";
import type { PreparedRequest } from "./request.js";
import { isRetryableStatus, methodAllowsRetry, parseRetryAfter, retryDelayMs, type ResolvedRetryOptions } from "./retry.js";

/**
 * `globalThis.fetch` or anything with its signature. It gets a URL and an init, or, when middleware
 * is registered, the final Request and an init that carries the attempt's signal.
 */
export type FetchFunction = (input: string | Request, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchFunction;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
}

export interface CallOptions {
  target: RequestTarget;
  /** Retry a POST or PATCH too. Only for requests the caller knows are safe to repeat. */
  retryUnsafe?: boolean | undefined;
  /** The call's middleware, when there is any. */
  middleware?: CallMiddleware | undefined;
}

const neverAborted = new AbortController().signal;

export function createTransport(options: TransportOptions) {
  // Held in a variable and called as a plain function: browsers and workerd throw "Illegal
  // invocation" when their fetch is called as a method of some other object.
  const fetch = options.fetch;
  const { timeoutMs, retry } = options;

  /**
   * One attempt: its own abort signal (the timeout, or the caller's signal), then either a plain
   * fetch or the middleware around it. Only what fetch throws becomes the client's error class;
   * what a hook throws reaches the caller as it is.
   */
  async function attemptOnce({ url, init }: PreparedRequest, callerSignal: AbortSignal, call: CallOptions): Promise<Response> {
    const { target } = call;
    if (callerSignal.aborted) throw abortedByCaller(target, callerSignal.reason);
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, timeoutMs);
    const onCallerAbort = () => attempt.abort(callerSignal.reason);
    if (callerSignal !== neverAborted) callerSignal.addEventListener("abort", onCallerAbort, { once: true });
    const failure = (error: unknown) => {
      if (callerSignal.aborted) return abortedByCaller(target, callerSignal.reason);
      if (timedOut) return new TimeoutError({ ...target, status: 0, errorCode: undefined, message: `No answer within ${timeoutMs} ms.` });
      if (!isNetworkFailure(error)) return refusedByFetch(target, error);
      return new NetworkError({ ...target, status: 0, errorCode: undefined, message: `The request failed before an answer arrived: ${messageOf(error)}`, cause: error });
    };
    try {
      if (!call.middleware) {
        try {
          return await fetch(url, { ...init, signal: attempt.signal });
        } catch (error) {
          throw failure(error);
        }
      }
      // A fresh Request per attempt (a body can be read only once), already bound to the attempt's signal.
      const first = new Request(url, { ...init, signal: attempt.signal });
      return await runMiddleware(call.middleware, first, async (request) => {
        try {
          // A request a hook built anew may not follow the attempt's signal: give it that signal.
          return await fetch(request, request === first ? {} : { signal: attempt.signal });
        } catch (error) {
          throw failure(error);
        }
      });
    } finally {
      clearTimeout(timer);
      if (callerSignal !== neverAborted) callerSignal.removeEventListener("abort", onCallerAbort);
    }
  }

  return async function send(prepared: PreparedRequest, call: CallOptions): Promise<Response> {
    const callerSignal = prepared.init.signal ?? neverAborted;
    const maxRetries = methodAllowsRetry(prepared.init.method, call.retryUnsafe === true) ? retry.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      const isLast = attempt >= maxRetries;
      let response: Response;
      try {
        response = await attemptOnce(prepared, callerSignal, call);
      } catch (error) {
        if (!(error instanceof NetworkError) || isLast) throw error;
        await sleep(retryDelayMs(attempt + 1, retry), callerSignal, call.target);
        continue;
      }
      if (isLast || !isRetryableStatus(response.status)) return response;
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      await response.body?.cancel().catch(() => undefined);
      await sleep(retryDelayMs(attempt + 1, retry, retryAfter), callerSignal, call.target);
    }
  };
}

function abortedByCaller(target: RequestTarget, reason: unknown) {
  return new AbortError({ ...target, status: 0, errorCode: undefined, message: "The request was aborted by its signal.", cause: reason });
}

/** fetch refused the call before sending anything: retrying cannot help, the code or configuration must change. */
function refusedByFetch(target: RequestTarget, error: unknown) {
  return new ConfigurationError({
    ...target,
    status: 0,
    errorCode: undefined,
    message: `fetch refused the request: ${messageOf(error)}. Check the fetch option, baseUrl and headers.`,
    cause: error,
  });
}

function sleep(ms: number, signal: AbortSignal, target: RequestTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortedByCaller(target, signal.reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedByCaller(target, signal.reason));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
