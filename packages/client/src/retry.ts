// When to retry a request and how long to wait before the next attempt.

export interface RetryOptions {
  /** Attempts after the first one. Default 2. */
  maxRetries?: number;
  /** Delay before the first retry, doubled each time. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap on any one delay, `Retry-After` included. Default 10,000 ms. */
  maxDelayMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const defaultRetryOptions: ResolvedRetryOptions = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000 };

/** Methods safe to repeat: a repeated POST or PATCH could send an email twice. */
const idempotentMethods = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** HTTP statuses worth another try. */
const retryableStatuses = new Set([429, 500, 503]);

export function resolveRetryOptions(option: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (option === false) return { ...defaultRetryOptions, maxRetries: 0 };
  const resolved = { ...defaultRetryOptions, ...option };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`retry.${key} must be a finite number ≥ 0`);
  }
  return resolved;
}

/** Whether this method may be retried at all, given the caller's per-call opt-in for POST and PATCH. */
export function methodAllowsRetry(method: string, optedIn: boolean): boolean {
  return optedIn || idempotentMethods.has(method.toUpperCase());
}

export function isRetryableStatus(status: number): boolean {
  return retryableStatuses.has(status);
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
