import { describe, expect, it } from "vitest";
import { createReplayer, makeCassette, matchKey } from "./cassettes.js";
import { createRedactor, redacted } from "./redact.js";

const hash = (address: string) => (address === "jane@acme.io" ? "aaaa" : "bbbb");
const redactor = createRedactor(hash, ["secret-token-1234"]);

describe("createRedactor", () => {
  it.each([
    ["an address", "to jane@acme.io", "to person-aaaa@redacted.invalid"],
    ["an address in any case, as the same placeholder", "Jane@ACME.io", "person-aaaa@redacted.invalid"],
    ["a display name's address", "Jane <joe@acme.io>", "Jane <person-bbbb@redacted.invalid>"],
    ["a documentation domain, kept", "app@example.com, a@b.example, c@d.test", "app@example.com, a@b.example, c@d.test"],
    ["Postmark's bounce-testing address, kept", "HardBounce@bounce-testing.postmarkapp.com", "HardBounce@bounce-testing.postmarkapp.com"],
    ["an inbound address", "4f1e@inbound.postmarkapp.com", "person-bbbb@redacted.invalid"],
    ["credentials in a URL", "https://user:pass@hooks.example.com/bounce", `https://${redacted}@hooks.example.com/bounce`],
    ["a token anywhere", "token secret-token-1234 echoed", `token ${redacted} echoed`],
  ])("replaces %s", (_what, text, expected) => {
    expect(redactor.text(text)).toBe(expected);
  });

  it("replaces secret fields at any depth, and header tokens", () => {
    expect(redactor.json({ Servers: [{ ApiTokens: ["a", "b"], InboundHash: "4f1e", Name: "x" }], HttpAuth: { Username: "u", Password: "p" }, Empty: { Password: null } })).toEqual({
      Servers: [{ ApiTokens: [redacted, redacted], InboundHash: redacted, Name: "x" }],
      HttpAuth: { Username: "u", Password: redacted },
      Empty: { Password: null },
    });
    expect(redactor.headers({ "x-postmark-server-token": "anything", accept: "application/json" })).toEqual({ "x-postmark-server-token": redacted, accept: "application/json" });
  });
});

describe("matching a request to its recordings", () => {
  it.each([
    ["the path in any case, with a trailing slash", "GET", "/Messages/Outbound/?count=1&offset=0", ""],
    ["the query in any order", "GET", "/messages/outbound?offset=0&count=1", ""],
  ])("finds %s", (_what, method, url, body) => {
    expect(matchKey(method, url, body, redactor)).toBe(matchKey("GET", "/messages/outbound?count=1&offset=0", "", redactor));
  });

  it("compares JSON bodies by value and redacted, not by spelling", () => {
    expect(matchKey("POST", "/email", '{"To":"jane@acme.io","From":"a@example.com"}', redactor)).toBe(matchKey("POST", "/email", '{ "From": "a@example.com", "To": "Jane@acme.io" }', redactor));
    expect(matchKey("POST", "/email", '{"To":"jane@acme.io"}', redactor)).not.toBe(matchKey("POST", "/email", '{"To":"joe@acme.io"}', redactor));
  });

  it("answers with a Postmark-shaped 404 naming the request when nothing was recorded", () => {
    const cassette = makeCassette(
      { method: "GET", url: "/server", requestHeaders: {}, requestBody: "", status: 200, responseHeaders: { "content-type": "application/json" }, responseBody: '{"Name":"x"}' },
      redactor,
      { upstream: "http://upstream", recordedAt: "2026-01-01T00:00:00.000Z", operationId: "getCurrentServer", mismatches: [] },
    );
    const replayer = createReplayer([cassette], redactor, "cassettes/");
    expect(replayer.answer("GET", "/server/", "")).toMatchObject({ recorded: true, status: 200, body: '{"Name":"x"}' });
    const missing = replayer.answer("GET", "/servers?count=1&offset=0", "");
    expect(missing).toMatchObject({ recorded: false, status: 404 });
    expect(JSON.parse(missing.body)).toEqual({ ErrorCode: 404, Message: "No recorded exchange in cassettes/ matches GET /servers?count=1&offset=0. Record it with --proxy <base-url> --record cassettes/." });
  });
});
