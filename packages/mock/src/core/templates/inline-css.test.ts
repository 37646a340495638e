import { describe, expect, it } from "vitest";
import { inlineCss } from "./index.js";
import { maxDepth, maxSteps, withStyle } from "./inline-css.js";

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

describe("inlineCss: selectors and the cascade", () => {
  it.each([
    ["type, class and id, by specificity", `<style>p { color: red } .a { color: blue } #x { color: green }</style><p>1</p><p class="a">2</p><p id="x" class="a">3</p>`, `<p style="color: red;">1</p><p class="a" style="color: blue;">2</p><p id="x" class="a" style="color: green;">3</p>`],
    ["!important over the element's own style", `<style>td { padding: 0 !important } table td { padding: 4px }</style><table><tr><td style="padding: 2px">x</td></tr></table>`, `<table><tr><td style="padding: 0;">x</td></tr></table>`],
    ["a rule's repeated property kept as a fallback", `<style>a { color: red; color: rgba(0,0,0,.5) }</style><a href="#">x</a>`, `<a href="#" style="color: red; color: rgba(0,0,0,.5);">x</a>`],
    ["structural pseudo-classes", `<style>ul li:first-child { font-weight: bold } li:last-child { color: red } li:nth-child(2n) { x: y }</style><ul><li>1</li><li>2</li><li>3</li></ul>`, `<ul><li style="font-weight: bold;">1</li><li style="x: y;">2</li><li style="color: red;">3</li></ul>`],
    ["the four combinators", `<style>div > p + span { color: red } div ~ span { x: 1 } div b { y: 2 }</style><div><p>a</p><span>b<i><b>c</b></i></span></div><span>c</span>`, `<div><p>a</p><span style="color: red;">b<i><b style="y: 2;">c</b></i></span></div><span style="x: 1;">c</span>`],
    ["attribute selectors and :not()", `<style>[data-x="1"] { color: red } input[type=text] { border: 0 } :not(.a) > b {x:y}</style><p data-x="1">a</p><input type="text"><div class="a"><b>q</b></div><div><b>r</b></div>`, `<p data-x="1" style="color: red;">a</p><input type="text" style="border: 0;"><div class="a"><b>q</b></div><div><b style="x: y;">r</b></div>`],
    ["quotes in values and a data: URL with a semicolon", `<style>.btn { background: url("data:image/png;base64,AAA=") } p { font-family: "Helvetica Neue", Arial }</style><a class="btn">x</a><p title='a "b"'>y</p>`, `<a class="btn" style="background: url('data:image/png;base64,AAA=');">x</a><p title='a "b"' style="font-family: 'Helvetica Neue', Arial;">y</p>`],
    ["void and self-closed tags, the rest byte for byte", `<html><head><style>img { border: 0 } body { margin: 0 }</style></head><body><img src="a.png" alt=""/><BR>&nbsp;<!-- note --></body></html>`, `<html><head></head><body style="margin: 0;"><img src="a.png" alt="" style="border: 0;" /><BR>&nbsp;<!-- note --></body></html>`],
    ["comments in the style sheet", `<style>/* p { color: red } */ p { /* why */ color: blue }</style><p>x</p>`, `<p style="color: blue;">x</p>`],
    ["a <style data-embed> block left alone", `<style data-embed>p { color: red }</style><style>b { x: y }</style><p><b>x</b></p>`, `<style data-embed>p { color: red }</style><p><b style="x: y;">x</b></p>`],
  ])("%s", (_name, html, expected) => {
    expect(inlineCss(html)).toBe(expected);
  });

  it("keeps what cannot be inlined (pseudo-classes, pseudo-elements, at-rules) in the first <style> block", () => {
    const html = inlineCss(`<style>a:hover { color: red } a { color: blue } p::before { content: "x" }</style><p>y</p><style>@font-face { font-family: X }</style><a>x</a>`);
    expect(html).toBe(`<style>a:hover { color: red }\np::before { content: "x" }\n@font-face { font-family: X }</style><p>y</p><a style="color: blue;">x</a>`);
  });
});

describe("inlineCss: bounded work", () => {
  it(`returns HTML nested deeper than ${maxDepth} levels as written`, () => {
    const html = `<style>div { color: red }</style>${"<div>".repeat(maxDepth + 1)}x${"</div>".repeat(maxDepth + 1)}`;
    expect(inlineCss(html)).toBe(html);
  });

  it("inlines HTML nested just within the bound", () => {
    const html = `<style>div { color: red }</style>${"<div>".repeat(maxDepth - 1)}x${"</div>".repeat(maxDepth - 1)}`;
    expect(inlineCss(html)).toContain('<div style="color: red;">x</div>');
  });

  it(`returns HTML whose rules would take more than ${maxSteps.toLocaleString("en-US")} matching steps as written`, () => {
    // Every one of 500 rules matches every one of 10,001 paragraphs.
    const css = Array.from({ length: 500 }, (_, i) => `p { p${i}: x }`).join("\n");
    const html = `<style>${css}</style>${"<p>x</p>".repeat(10_001)}`;
    expect(inlineCss(html)).toBe(html);
  });

  it("walks a deep chain of descendant selectors once per element, not once per ancestor", () => {
    const html = `<style>div div div div span { color: red }</style>${"<div>".repeat(200)}${"<span>x</span>".repeat(2_000)}${"</div>".repeat(200)}`;
    expect(inlineCss(html).match(/<span style="color: red;">/g)).toHaveLength(2_000);
  });
});

describe("withStyle: a start tag with its style set, the rest as written", () => {
  it.each([
    ["<p>", "<p style=\"a: b;\">"],
    ["<P CLASS=x>", "<P CLASS=x style=\"a: b;\">"],
    ["<br/>", "<br style=\"a: b;\" />"],
    ["<img src='a.png' alt />", "<img src='a.png' alt style=\"a: b;\" />"],
    ['<p style="color: red" title="x">', '<p style="a: b;" title="x">'],
    ["<p STYLE = 'x' style=\"y\" id=z>", '<p style="a: b;"  id=z>'],
    ['<a href="/x?a=1&b=2" data-style="not this">', '<a href="/x?a=1&b=2" data-style="not this" style="a: b;">'],
    ["<td\nclass=\"c\"\n>", "<td\nclass=\"c\"\nstyle=\"a: b;\">"],
  ])("%j", (tag, expected) => {
    expect(withStyle(tag, "a: b;")).toBe(expected);
  });
});
