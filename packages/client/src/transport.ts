// Sends a prepared request: a timeout per attempt, the caller's abort signal, and retries with
// backoff for the methods and answers where repeating is safe. Bodies are JSON strings, so a
// retry sends the very same bytes again.
import { AbortError, NetworkError, TimeoutError, type RequestTarget } from "./errors.js";
import type { PreparedRequest } from "./request.js";
import { isRetryableStatus, methodAllowsRetry, parseRetryAfter, retryDelayMs, type ResolvedRetryOptions } from "./retry.js";

/** `globalThis.fetch` or anything with its signature. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchFunction;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
}

export interface CallOptions {
  target: RequestTarget;
  /** Retry a POST or PATCH too. Only for requests the caller knows are safe to repeat. */
  retryUnsafe?: boolean | undefined;
}

const neverAborted = new AbortController().signal;

export function createTransport(options: TransportOptions) {
  return async function send({ url, init }: PreparedRequest, call: CallOptions): Promise<Response> {
    const callerSignal = init.signal ?? neverAborted;
    const maxRetries = methodAllowsRetry(init.method, call.retryUnsafe === true) ? options.retry.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      const isLast = attempt >= maxRetries;
      let response: Response;
      try {
        response = await fetchWithTimeout(options, url, init, callerSignal, call.target);
      } catch (error) {
        if (!(error instanceof NetworkError) || isLast) throw error;
        await sleep(retryDelayMs(attempt + 1, options.retry), callerSignal, call.target);
        continue;
      }
      if (isLast || !isRetryableStatus(response.status)) return response;
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      await response.body?.cancel().catch(() => undefined);
      await sleep(retryDelayMs(attempt + 1, options.retry, retryAfter), callerSignal, call.target);
    }
  };
}

async function fetchWithTimeout(options: TransportOptions, url: string, init: RequestInit, callerSignal: AbortSignal, target: RequestTarget): Promise<Response> {
  if (callerSignal.aborted) throw abortedByCaller(target, callerSignal.reason);
  const attempt = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    attempt.abort();
  }, options.timeoutMs);
  const onCallerAbort = () => attempt.abort(callerSignal.reason);
  if (callerSignal !== neverAborted) callerSignal.addEventListener("abort", onCallerAbort, { once: true });
  try {
    return await options.fetch(url, { ...init, signal: attempt.signal });
  } catch (error) {
    if (callerSignal.aborted) throw abortedByCaller(target, callerSignal.reason);
    if (timedOut) throw new TimeoutError({ ...target, status: 0, errorCode: undefined, message: `No answer within ${options.timeoutMs} ms.` });
    throw new NetworkError({ ...target, status: 0, errorCode: undefined, message: `The request failed before an answer arrived: ${messageOf(error)}`, cause: error });
  } finally {
    clearTimeout(timer);
    if (callerSignal !== neverAborted) callerSignal.removeEventListener("abort", onCallerAbort);
  }
}

function abortedByCaller(target: RequestTarget, reason: unknown) {
  return new AbortError({ ...target, status: 0, errorCode: undefined, message: "The request was aborted by its signal.", cause: reason });
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
