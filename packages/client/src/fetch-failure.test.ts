import { describe, expect, it } from "vitest";
import { isNetworkFailure } from "./fetch-failure.js";

describe("isNetworkFailure", () => {
  it.each([
    ["Node (undici)", new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") })],
    ["Node, connection closed mid-answer", new TypeError("terminated")],
    ["Chromium", new TypeError("Failed to fetch")],
    ["Firefox", new TypeError("NetworkError when attempting to fetch resource.")],
    ["Safari", new TypeError("Load failed")],
    ["Deno", new TypeError("error sending request for url (http://127.0.0.1:1/server): client error (Connect): tcp connect error: Connection refused")],
    ["workerd", new TypeError("Network connection lost.")],
    ["Bun", Object.assign(new Error("Unable to connect. Is the computer able to access the url?"), { code: "ConnectionRefused" })],
    ["a DOMException", new DOMException("The operation was aborted.", "AbortError")],
  ])("counts %s's connection failure as a network failure", (_runtime, error) => {
    expect(isNetworkFailure(error)).toBe(true);
  });

  it.each([
    ["Chromium, fetch called on another object", "Failed to execute 'fetch' on 'Window': Illegal invocation"],
    ["workerd, fetch called on another object", "Illegal invocation: function called with incorrect `this` reference."],
    ["Firefox, fetch called on another object", "'fetch' called on an object that does not implement interface Window."],
    ["Node, a URL that does not parse", "Failed to parse URL from api.postmarkapp.com/email"],
    ["Node, a header value with a line break", 'Headers.append: "a\nb" is an invalid header value.'],
    ["Chromium, a header value outside Latin-1", "Failed to execute 'fetch' on 'Window': Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point."],
    ["a GET with a body", "Request with GET/HEAD method cannot have body."],
  ])("counts %s as a refused call", (_case, message) => {
    expect(isNetworkFailure(new TypeError(message))).toBe(false);
  });
});
