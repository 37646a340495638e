// One attempt of a prepared request: a timeout of its own, the caller's abort signal, middleware
// around the fetch when the call has any, and what fetch throws turned into the client's errors.
// Retries are a policy around attempts (retry.ts); bodies are JSON strings, so a retry sends the
// very same bytes again.
import { AbortError, ConfigurationError, NetworkError, TimeoutError, callError, type RequestTarget } from "./errors.js";
import { isNetworkFailure } from "./fetch-failure.js";
import type { PreparedRequest } from "./request.js";

/**
 * `globalThis.fetch` or anything with its signature. It gets a URL and an init, or, when middleware
 * is registered, the final Request and an init that carries the attempt's signal.
 */
export type FetchFunction = (input: string | Request, init: RequestInit) => Promise<Response>;

/**
 * One call's middleware around an attempt: it gets the attempt's first Request and a `send` that
 * fetches a request and throws the client's own error (TimeoutError, NetworkError, …) when no
 * answer comes.
 */
export type AttemptHooks = (request: Request, send: (request: Request) => Promise<Response>) => Promise<Response>;

export type Attempt = (prepared: PreparedRequest, target: RequestTarget, hooks: AttemptHooks | undefined) => Promise<Response>;

/** `fetch` is held in a variable and called as a plain function: browsers and workerd throw "Illegal invocation" otherwise. */
export function createAttempt(fetch: FetchFunction, timeoutMs: number): Attempt {
  return async ({ url, init }, target, hooks) => {
    const callerSignal = init.signal;
    if (callerSignal?.aborted) throw abortedByCaller(target, callerSignal.reason);
    const controller = new AbortController();
    const signal = controller.signal;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(callerSignal!.reason);
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    // Only what fetch throws becomes the client's error; what a hook throws reaches the caller as it is.
    const send = async (input: string | Request, sendInit: RequestInit) => {
      try {
        return await fetch(input, sendInit);
      } catch (error) {
        if (callerSignal?.aborted) throw abortedByCaller(target, callerSignal.reason);
        if (timedOut) throw callError(TimeoutError, target, `No answer within ${timeoutMs} ms.`);
        if (!isNetworkFailure(error)) {
          // fetch refused the call before sending anything: retrying cannot help, the code or configuration must change.
          throw callError(ConfigurationError, target, `fetch refused the request: ${messageOf(error)}. Check the fetch option, baseUrl and headers.`, error);
        }
        throw callError(NetworkError, target, `The request failed before an answer arrived: ${messageOf(error)}`, error);
      }
    };
    try {
      if (!hooks) return await send(url, { ...init, signal });
      // A fresh Request per attempt (a body can be read only once), already bound to the attempt's
      // signal; a request a hook built anew may not follow that signal, so it is given it.
      const first = new Request(url, { ...init, signal });
      return await hooks(first, (request) => send(request, request === first ? {} : { signal }));
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    }
  };
}

export function abortedByCaller(target: RequestTarget, reason: unknown): AbortError {
  return callError(AbortError, target, "The request was aborted by its signal.", reason);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
