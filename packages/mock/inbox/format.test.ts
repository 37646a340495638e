import { describe, expect, it } from "vitest";
import { formatAddresses, formatBytes, formatTime, hasRemoteContent } from "./format.js";

describe("formatAddresses", () => {
  it("shows names when given and bare addresses otherwise", () => {
    expect(formatAddresses([{ Email: "jane@example.org", Name: "Jane Doe" }, { Email: "ops@example.org", Name: null }, { Email: "x@example.org" }])).toBe(
      "Jane Doe <jane@example.org>, ops@example.org, x@example.org",
    );
    expect(formatAddresses([])).toBe("");
  });
});

describe("formatBytes", () => {
  const cases: [number, string][] = [
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1.0 KB"],
    [2500, "2.4 KB"],
    [200 * 1024, "200 KB"],
    [1024 * 1024 * 1.5, "1.5 MB"],
    [1024 * 1024 * 25, "25 MB"],
  ];
  it.each(cases)("%d bytes read %s", (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe("formatTime", () => {
  const now = new Date(2024, 4, 17, 15, 0, 0);
  it("leaves out the date for today", () => {
    const text = formatTime(new Date(2024, 4, 17, 9, 30, 5).toISOString(), now);
    expect(text).toContain("30");
    expect(text).not.toContain("2024");
  });
  it("shows the date on other days", () => {
    expect(formatTime(new Date(2023, 0, 2, 9, 30).toISOString(), now)).toContain("2023");
  });
  it("gives back text that is not a time unchanged", () => {
    expect(formatTime("not a time", now)).toBe("not a time");
  });
});

describe("hasRemoteContent", () => {
  const cases: [string, boolean][] = [
    ['<img src="https://example.com/logo.png">', true],
    ["<img src='http://example.com/a.gif'>", true],
    ["<img src=//cdn.example.com/a.gif>", true],
    ['<img srcset="https://example.com/a.png 2x">', true],
    ['<td background="https://example.com/bg.png">', true],
    ['<div style="background:url(https://example.com/bg.png)">', true],
    ["<style>p { background: url( 'http://example.com/x.png' ) }</style>", true],
    ['<img src="cid:logo">', false],
    ['<img src="data:image/png;base64,AAAA">', false],
    ['<a href="https://example.com">a link is not loaded</a>', false],
    ["<p>https://example.com in text</p>", false],
    ["", false],
  ];
  it.each(cases)("%s → %s", (html, remote) => expect(hasRemoteContent(html)).toBe(remote));
  it("treats a missing HTML part as having none", () => {
    expect(hasRemoteContent(null)).toBe(false);
    expect(hasRemoteContent(undefined)).toBe(false);
  });
});
