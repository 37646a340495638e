import { describe, expect, it } from "vitest";
import { extractLinks, htmlLinks, textLinks } from "./links.js";
import type { TrackLinksMode } from "./types.js";

describe("htmlLinks", () => {
  it.each<[string, string, string[]]>([
    ["anchors in order", '<a href="https://a.example/1">1</a> <A HREF="http://b.example/2">2</A>', ["https://a.example/1", "http://b.example/2"]],
    ["entities decoded", '<a href="https://a.example/?x=1&amp;y=2">x</a>', ["https://a.example/?x=1&y=2"]],
    ["unquoted and spaced attributes", "<a class=btn href = https://a.example/u >u</a>", ["https://a.example/u"]],
    ["no-track anchors left out", '<a data-pm-no-track href="https://a.example/secret">s</a><a href="https://a.example/ok">o</a>', ["https://a.example/ok"]],
    ["other schemes left out", '<a href="mailto:x@example.com">m</a><a href="tel:123">t</a><a href="#top">t</a><a href="/relative">r</a>', []],
    ["images and link tags ignored", '<img src="https://a.example/i.png"><link href="https://a.example/s.css">', []],
    ["anchors without href ignored", '<a name="top">top</a>', []],
    ["broken markup tolerated", '<p><a href="https://a.example/x">x<p><a href=https://a.example/y>y<div>', ["https://a.example/x", "https://a.example/y"]],
  ])("%s", (_, html, links) => {
    expect(htmlLinks(html)).toEqual(links);
  });
});

describe("textLinks", () => {
  it.each<[string, string, string[]]>([
    ["URLs with a scheme", "See https://a.example/page?x=1 and http://b.example.", ["https://a.example/page?x=1", "http://b.example"]],
    ["bare domains left out", "Visit example.com or www.example.org today", []],
    ["emails left out", "Write to help@example.com", []],
    ["URLs in brackets", "(https://a.example/in) <https://a.example/angle>", ["https://a.example/in", "https://a.example/angle"]],
  ])("%s", (_, text, links) => {
    expect(textLinks(text)).toEqual(links);
  });
});

describe("extractLinks", () => {
  const html = '<a href="https://a.example/h">h</a><a href="https://a.example/h">again</a>';
  const text = "https://a.example/t and https://a.example/h";
  it.each<[TrackLinksMode | undefined, string[]]>([
    [undefined, []],
    ["None", []],
    ["HtmlOnly", ["HTML https://a.example/h"]],
    ["TextOnly", ["Text https://a.example/t", "Text https://a.example/h"]],
    ["HtmlAndText", ["HTML https://a.example/h", "Text https://a.example/t", "Text https://a.example/h"]],
  ])("TrackLinks %s", (mode, expected) => {
    expect(extractLinks(html, text, mode).map((link) => `${link.location} ${link.url}`)).toEqual(expected);
  });

  it("copes with a missing body part", () => {
    expect(extractLinks(undefined, text, "HtmlAndText")).toHaveLength(2);
    expect(extractLinks(html, undefined, "HtmlAndText")).toHaveLength(1);
  });
});
