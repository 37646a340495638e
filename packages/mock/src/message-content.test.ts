import { describe, expect, it } from "vitest";
import { codeOf, codesOf, linksOf } from "./message-content.js";

describe("codes of a message", () => {
  it.each([
    ["a numeric code after 'code'", { TextBody: "Your verification code is 482913. It expires in 10 minutes." }, "482913"],
    ["a code split by a space", { TextBody: "Your code: 482 913" }, "482 913"],
    ["an alphanumeric code", { TextBody: "Enter this one-time code: X7K9Q2 to sign in." }, "X7K9Q2"],
    ["a code before the word", { TextBody: "Use 9051 as your PIN." }, "9051"],
    ["the code, not the port or path of a link beside it", { TextBody: "Confirm at http://127.0.0.1:3000/confirm/9876 or type your code 482913." }, "482913"],
    ["an HTML-only message", { HtmlBody: "<p>Your OTP is <strong>771204</strong></p>" }, "771204"],
    ["the code nearest after the word, not a year or an order number far away", { TextBody: "Order 20261205 shipped in 2026.\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nYour login code is 5521." }, "5521"],
  ])("finds %s", (_case, message, code) => {
    expect(codeOf(message)).toBe(code);
  });

  it.each([
    ["no word announcing a code", { TextBody: "Invoice 123456 for order 998877." }],
    ["words only", { TextBody: "Your code is below. CODE WORDS ONLY." }],
    ["an empty message", {}],
    ["numbers inside a link only", { TextBody: "Verify your address: http://127.0.0.1:3000/verify/123456?token=AB12CD34" }],
  ])("finds none with %s", (_case, message) => {
    expect(codesOf(message)).toEqual([]);
  });
});

describe("links of a message", () => {
  it("lists the HTML part's links, then the text part's, once per part", () => {
    const links = linksOf({
      HtmlBody: '<a href="https://app.example/confirm?t=1&amp;u=2">Confirm</a> <a href="https://app.example/confirm?t=1&amp;u=2">again</a> <a href="mailto:x@example.org">mail</a>',
      TextBody: "Confirm: https://app.example/confirm?t=1&u=2",
    });
    expect(links).toEqual([
      { Url: "https://app.example/confirm?t=1&u=2", Location: "HTML" },
      { Url: "https://app.example/confirm?t=1&u=2", Location: "Text" },
    ]);
  });
});
