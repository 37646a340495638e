import { describe, expect, it } from "vitest";
import { utf8ByteLength } from "./encoding.js";

describe("utf8ByteLength", () => {
  it.each([
    ["empty", ""],
    ["ASCII", "Thanks for your order."],
    ["two-byte characters", "Grüße, café"],
    ["three-byte characters", "注文ありがとう"],
    ["a surrogate pair", "📦 shipped"],
    ["a lone high surrogate", "a\ud83d"],
    ["a lone high surrogate before ASCII", "\ud83dz"],
    ["a lone low surrogate", "\udce6b"],
    ["two high surrogates then a low one", "\ud83d\ud83d\udce6"],
    ["NUL and DEL", "\u0000\u007f\u0080\u07ff\u0800\uffff"],
  ])("counts %s as TextEncoder encodes it", (_name, text) => {
    expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
  });
});
