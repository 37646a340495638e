import { describe, expect, it } from "vitest";
import { defaultRetryOptions, methodAllowsRetry, parseRetryAfter, resolveRetryOptions, retryDelayMs } from "./retry.js";

describe("retry policy", () => {
  it.each([
    ["GET", false, true],
    ["PUT", false, true],
    ["DELETE", false, true],
    ["POST", false, false],
    ["PATCH", false, false],
    ["POST", true, true],
    ["PATCH", true, true],
  ])("%s (opted in: %s) may retry: %s", (method, optedIn, expected) => {
    expect(methodAllowsRetry(method, optedIn)).toBe(expected);
  });

  it.each([
    ["3", 3],
    ["0", 0],
    ["1.5", 1.5],
    ["Thu, 26 Nov 2026 10:00:05 GMT", 5],
    ["soon", undefined],
    [null, undefined],
  ])("reads Retry-After %s as %s seconds", (header, seconds) => {
    expect(parseRetryAfter(header, Date.parse("Thu, 26 Nov 2026 10:00:00 GMT"))).toBe(seconds);
  });

  it("backs off exponentially with jitter, capped", () => {
    const options = { ...defaultRetryOptions, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(retryDelayMs(1, options, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(1, options, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(3, options, undefined, () => 1)).toBe(400);
    expect(retryDelayMs(10, options, undefined, () => 1)).toBe(1_000);
  });

  it("waits what Retry-After says, up to maxDelayMs", () => {
    expect(retryDelayMs(1, defaultRetryOptions, 2)).toBe(2_000);
    expect(retryDelayMs(1, defaultRetryOptions, 3_600)).toBe(defaultRetryOptions.maxDelayMs);
  });

  it("rejects nonsense settings", () => {
    expect(() => resolveRetryOptions({ maxRetries: -1 })).toThrow("retry.maxRetries");
    expect(resolveRetryOptions(false).maxRetries).toBe(0);
  });
});
