import { describe, expect, it } from "vitest";
import { inlineCss } from "./index.js";

describe("inlineCss", () => {
  it("moves a style block's rules onto the matching elements and drops the block", () => {
    expect(
      inlineCss("<html><head><style>p { color: #333; }</style></head><body><p>Hi Jane</p></body></html>"),
    ).toBe('<html><head></head><body><p style="color: #333;">Hi Jane</p></body></html>');
  });

  it("keeps an element's own style after the rules it matches", () => {
    const html = inlineCss('<style>.a { color: red; font-weight: bold }</style><p class="a" style="color: blue">x</p>');
    expect(html).toContain('style="font-weight: bold; color: blue;"');
    expect(html).not.toContain("<style>");
  });

  it("leaves HTML without a style block untouched", () => {
    const html = "<P>unclosed <b>tags & raw text";
    expect(inlineCss(html)).toBe(html);
  });

  it("keeps media queries in a style block, since they cannot be inlined", () => {
    const html = inlineCss("<style>p { color: red } @media (max-width: 600px) { p { color: blue } }</style><p>x</p>");
    expect(html).toContain('<p style="color: red;">x</p>');
    expect(html).toMatch(/@media \(max-width: 600px\)/);
  });
});
