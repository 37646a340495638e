// When Postmark tries a webhook post again, and which failures it tries again at all.
//
// Outbound webhooks (delivery, bounce, spam complaint, open, click, subscription change) are
// retried up to 6 times, 1, 5, 10, 10, 10 and 15 minutes after the previous attempt, and only
// when the failure looks temporary: a 5xx, 408 or 429 answer, a timeout or an unreachable
// receiver. Any other answer is final.
//
// Inbound posts are retried up to 10 times over about 10.5 hours (1, 5, 10, 10, 10, 15 and 30
// minutes, then 1, 2 and 6 hours after the previous attempt) for any answer but a 2xx; a 403
// stops the retries at once.

const minute = 60_000;

export type { HookKind } from "../core/events.js";
import type { HookKind } from "../core/events.js";

/** Waits before each retry, in milliseconds, on Postmark's own schedule. */
export const retryDelays: Readonly<Record<HookKind, readonly number[]>> = {
  outbound: [1, 5, 10, 10, 10, 15].map((minutes) => minutes * minute),
  inbound: [1, 5, 10, 10, 10, 15, 30, 60, 120, 360].map((minutes) => minutes * minute),
};

/** The outcome of one attempt as the retry rules see it: a status, or none when unreachable. */
export interface AttemptResult {
  status: number | null;
}

export function succeeded(result: AttemptResult): boolean {
  return result.status !== null && result.status >= 200 && result.status < 300;
}

/** Whether a failed attempt may be tried again (the schedule still decides whether it will be). */
export function isRetryable(kind: HookKind, result: AttemptResult): boolean {
  const { status } = result;
  if (status === null) return true;
  if (kind === "inbound") return status !== 403;
  return status >= 500 || status === 408 || status === 429;
}

/**
 * The wait before retry number `retry` (1 for the first retry), scaled for tests, or undefined
 * when the schedule is used up.
 */
export function retryDelay(kind: HookKind, retry: number, scale: number): number | undefined {
  const delay = retryDelays[kind][retry - 1];
  return delay === undefined ? undefined : Math.round(delay * scale);
}
