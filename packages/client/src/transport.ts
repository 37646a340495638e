// The fetch that every request goes through: a timeout per attempt, the caller's abort signal, and
// retries with backoff for the methods and answers where repeating is safe.
import { AbortError, NetworkError, TimeoutError, type RequestTarget } from "./errors.js";
import { isRetryableStatus, methodAllowsRetry, parseRetryAfter, retryDelayMs, type ResolvedRetryOptions } from "./retry.js";

export type FetchFunction = (request: Request) => Promise<Response>;

export interface TransportOptions {
  fetch: FetchFunction;
  timeoutMs: number;
  retry: ResolvedRetryOptions;
}

export interface CallOptions {
  target: RequestTarget;
  /** Retry a POST or PATCH too. Only for requests the caller knows are safe to repeat. */
  retryUnsafe?: boolean;
}

export function createTransport(options: TransportOptions) {
  return async function send(request: Request, call: CallOptions): Promise<Response> {
    const callerSignal = request.signal;
    const mayRetry = options.retry.maxRetries > 0 && methodAllowsRetry(request.method, call.retryUnsafe === true);
    for (let attempt = 0; ; attempt++) {
      const isLast = !mayRetry || attempt >= options.retry.maxRetries;
      // The body of a Request can be read once: keep the original for the next attempt.
      const attemptSource = isLast ? request : request.clone();
      let response: Response;
      try {
        response = await fetchWithTimeout(options, attemptSource, callerSignal, call.target);
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

async function fetchWithTimeout(options: TransportOptions, request: Request, callerSignal: AbortSignal, target: RequestTarget): Promise<Response> {
  if (callerSignal.aborted) throw abortedByCaller(target, callerSignal.reason);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
  const onCallerAbort = () => timeout.abort(callerSignal.reason);
  callerSignal.addEventListener("abort", onCallerAbort, { once: true });
  try {
    return await options.fetch(new Request(request, { signal: timeout.signal }));
  } catch (error) {
    if (callerSignal.aborted) throw abortedByCaller(target, callerSignal.reason);
    if (timeout.signal.aborted) {
      throw new TimeoutError({ ...target, status: 0, errorCode: undefined, message: `No answer within ${options.timeoutMs} ms.` });
    }
    throw new NetworkError({ ...target, status: 0, errorCode: undefined, message: `The request failed before an answer arrived: ${messageOf(error)}`, cause: error });
  } finally {
    clearTimeout(timer);
    callerSignal.removeEventListener("abort", onCallerAbort);
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
