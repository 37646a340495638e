import { describe, expect, it } from "vitest";
import { createFaultList, pathPattern } from "./faults.js";

describe("path patterns", () => {
  it.each([
    ["/email", "/email", true],
    ["/email", "/Email/", true],
    ["/email", "/email/batch", false],
    ["/email/**", "/email", true],
    ["/email/**", "/email/batch", true],
    ["/email/**", "/emails", false],
    ["/**", "/messages/outbound/abc/details", true],
    ["/messages/outbound/*/details", "/messages/outbound/abc/details", true],
    ["/messages/outbound/*/details", "/messages/outbound/details", false],
    ["/messages/outbound/*/details", "/messages/outbound/a/b/details", false],
    ["/templates/*", "/templates/12", true],
    ["/stats.outbound", "/statsXoutbound", false],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(pathPattern(pattern).test(path)).toBe(expected);
  });
});

describe("the fault list", () => {
  it("hands each fault to as many matching requests as its Count, in the order faults were added", () => {
    const faults = createFaultList();
    faults.add({ Method: "post", Path: "/email", Count: 2, Status: 429, RetryAfter: 3 });
    faults.add({ Method: "*", Path: "/**", Drop: true });
    expect(faults.take("GET", "/server")).toEqual({ kind: "drop" });
    expect(faults.take("GET", "/server")).toBeUndefined();
    const rateLimited = { kind: "answer", status: 429, headers: { "retry-after": "3" }, body: JSON.stringify({ ErrorCode: 429, Message: "Rate limit exceeded. Slow down and retry later." }) };
    expect(faults.list()).toEqual([expect.objectContaining({ ID: 1, Method: "POST", Remaining: 2 })]);
    expect(faults.take("POST", "/email")).toEqual(rateLimited);
    expect(faults.list()).toEqual([expect.objectContaining({ ID: 1, Remaining: 1 })]);
    expect(faults.take("POST", "/email")).toEqual(rateLimited);
    expect(faults.take("POST", "/email")).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it.each([
    [500, 1],
    [503, 100],
  ])("answers %i with ErrorCode %i and no Retry-After", (status, errorCode) => {
    const faults = createFaultList();
    faults.add({ Method: "GET", Path: "/server", Status: status as 500 | 503 });
    const action = faults.take("GET", "/server");
    expect(action).toMatchObject({ kind: "answer", status, headers: {} });
    expect(JSON.parse((action as { body: string }).body)).toMatchObject({ ErrorCode: errorCode });
  });

  it("gives 429 a Retry-After of one second unless told otherwise", () => {
    const faults = createFaultList();
    expect(faults.add({ Method: "GET", Path: "/server", Status: 429 })).toMatchObject({ RetryAfter: 1, Count: 1 });
  });
});
