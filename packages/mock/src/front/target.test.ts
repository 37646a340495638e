import { describe, expect, it } from "vitest";
import { parseTarget } from "./target.js";

/** What the URL parser makes of a target in origin form, the way parseTarget read every target before. */
function byUrlParser(target: string) {
  const url = new URL(`http://mock.invalid${target}`);
  return { pathname: url.pathname, search: url.search, query: [...url.searchParams] };
}

describe("parseTarget", () => {
  it.each([
    "/",
    "/email",
    "/email/batch",
    "/messages/outbound/0a1b2c3d-4e5f-6789-abcd-ef0123456789/details",
    "/messages/outbound?count=10&offset=0",
    "/messages/outbound?count=10&offset=0&recipient=jane@example.org&tag=a+b",
    "/bounces?count=1&offset=0&fromdate=2026-01-01T00:00:00",
    "/a//b",
    "//evil.example/x",
    "/email/",
    "/x?",
    "/x?a=1#frag",
    "/x?a b",
    "/x?q=%41%zz",
    "/a/./b",
    "/a/../b",
    "/a/%2e%2e/b",
    "/caf\u00e9",
    "/a b",
    "/a\\b",
    "/x?a=\"quoted\"&b='single'",
    "/x?a=<b>",
    "/__mock/api/messages?count=5",
  ])("reads %j as the URL parser does", (target) => {
    const parsed = parseTarget(target)!;
    expect({ pathname: parsed.pathname, search: parsed.search, query: [...parsed.searchParams] }).toEqual(byUrlParser(target));
  });

  it("reads an absolute http(s) target with its host, and refuses other targets", () => {
    expect(parseTarget("http://127.0.0.1:4010/email?x=1")).toMatchObject({ pathname: "/email", search: "?x=1", host: "127.0.0.1:4010" });
    expect(parseTarget("ftp://example.org/x")).toBeUndefined();
    expect(parseTarget("email")).toBeUndefined();
  });
});
