// When to retry a request and how long to wait before the next attempt. `retries()` makes the
// policy that createPostmarkClient uses by default and that createPostmarkCore takes as its `retry`
// option; a client without one makes every call once.
import { NetworkError, type RequestTarget } from "./errors.js";
import { abortedByCaller } from "./transport.js";

export interface RetryOptions {
  /** Attempts after the first one. Default 2. */
  maxRetries?: number;
  /** Delay before the first retry, doubled each time. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap on any one delay, `Retry-After` included. Default 10,000 ms. */
  maxDelayMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

/** What the policy knows of the call it repeats. */
export interface RetriedCall {
  method: string;
  /** The caller asked for retries of this POST or PATCH (`retry: true`). */
  retryUnsafe: boolean;
  signal: AbortSignal | null | undefined;
  target: RequestTarget;
}

/** A retry policy, made by `retries()`. */
export interface RetryPolicy {
  /** Makes attempts until one answer may be returned, waiting between them. */
  readonly send: (attempt: () => Promise<Response>, call: RetriedCall) => Promise<Response>;
}

export const defaultRetryOptions: ResolvedRetryOptions = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Retries GET, PUT and DELETE on 429, 500, 503 and network errors, with capped exponential backoff
 * and jitter, honouring `Retry-After`. POST and PATCH are retried only for a call that passes
 * `retry: true`: a retried send can deliver the same email twice.
 */
export function retries(options?: RetryOptions): RetryPolicy {
  const resolved = resolveRetryOptions(options);
  return {
    async send(attempt, { method, retryUnsafe, signal, target }) {
      const maxRetries = methodAllowsRetry(method, retryUnsafe) ? resolved.maxRetries : 0;
      for (let retry = 1; ; retry++) {
        const isLast = retry > maxRetries;
        let response: Response;
        try {
          response = await attempt();
        } catch (error) {
          if (!(error instanceof NetworkError) || isLast) throw error;
          await sleep(retryDelayMs(retry, resolved), signal, target);
          continue;
        }
        if (isLast || !isRetryableStatus(response.status)) return response;
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        await response.body?.cancel().catch(() => undefined);
        await sleep(retryDelayMs(retry, resolved, retryAfter), signal, target);
      }
    },
  };
}

export function resolveRetryOptions(option: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (option === false) return { ...defaultRetryOptions, maxRetries: 0 };
  const resolved = { ...defaultRetryOptions, ...option };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`retry.${key} must be a finite number ≥ 0`);
  }
  return resolved;
}

/**
 * Whether this method may be retried at all, given the caller's per-call opt-in for POST and PATCH:
 * only methods that are safe to repeat, as a repeated POST or PATCH could send an email twice.
 */
export function methodAllowsRetry(method: string, optedIn: boolean): boolean {
  return optedIn || /^(GET|HEAD|PUT|DELETE|OPTIONS)$/i.test(method);
}

/** HTTP statuses worth another try. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 503;
}

/** Seconds from a `Retry-After` header: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * Delay before retry number `retry` (1-based): full-jitter exponential backoff, capped, or the
 * server's `Retry-After` when it gave one (also capped, so a huge value cannot hang the caller).
 */
export function retryDelayMs(retry: number, options: ResolvedRetryOptions, retryAfterSeconds?: number, random = Math.random): number {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * 1000, options.maxDelayMs);
  const exponential = Math.min(options.baseDelayMs * 2 ** (retry - 1), options.maxDelayMs);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

function sleep(ms: number, signal: AbortSignal | null | undefined, target: RequestTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedByCaller(target, signal.reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedByCaller(target, signal!.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
