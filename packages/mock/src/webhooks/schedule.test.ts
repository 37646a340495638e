import { describe, expect, it } from "vitest";
import { isRetryable, retryDelay, retryDelays, succeeded, type HookKind } from "./schedule.js";

describe("which failures are tried again", () => {
  it.each<[HookKind, number | null, boolean]>([
    ["outbound", null, true],
    ["outbound", 500, true],
    ["outbound", 502, true],
    ["outbound", 503, true],
    ["outbound", 408, true],
    ["outbound", 429, true],
    ["outbound", 400, false],
    ["outbound", 401, false],
    ["outbound", 403, false],
    ["outbound", 404, false],
    ["outbound", 410, false],
    ["outbound", 422, false],
    ["outbound", 301, false],
    ["inbound", null, true],
    ["inbound", 500, true],
    ["inbound", 400, true],
    ["inbound", 404, true],
    ["inbound", 301, true],
    ["inbound", 403, false],
  ])("%s, answered %s: %s", (kind, status, expected) => {
    expect(isRetryable(kind, { status })).toBe(expected);
  });

  it.each([
    [200, true],
    [204, true],
    [299, true],
    [199, false],
    [300, false],
    [null, false],
  ])("status %s succeeds: %s", (status, expected) => {
    expect(succeeded({ status })).toBe(expected);
  });
});

describe("the schedule", () => {
  it("waits 1, 5, 10, 10, 10 and 15 minutes between outbound attempts (about 51 minutes)", () => {
    expect(retryDelays.outbound.map((ms) => ms / 60_000)).toEqual([1, 5, 10, 10, 10, 15]);
  });

  it("spreads 10 inbound retries over about 10.5 hours", () => {
    const total = retryDelays.inbound.reduce((sum, ms) => sum + ms, 0) / 3_600_000;
    expect(retryDelays.inbound).toHaveLength(10);
    expect(total).toBeGreaterThan(10);
    expect(total).toBeLessThan(11);
  });

  it.each<[HookKind, number, number, number | undefined]>([
    ["outbound", 1, 1, 60_000],
    ["outbound", 6, 1, 900_000],
    ["outbound", 7, 1, undefined],
    ["outbound", 2, 0.001, 300],
    ["inbound", 10, 1, 21_600_000],
    ["inbound", 11, 1, undefined],
    ["inbound", 1, 0, 0],
  ])("%s retry %i at scale %s waits %s ms", (kind, retry, scale, expected) => {
    expect(retryDelay(kind, retry, scale)).toBe(expected);
  });
});
