import { describe, expect, it } from "vitest";
import { checkLayoutPlaceholders, countContentPlaceholders, parseTemplate, type Template } from "./index.js";

function parsed(source: string): Template {
  const result = parseTemplate(source);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.template;
}

describe("content placeholders", () => {
  it.each([
    ["none", "<p>hi</p>", 0],
    ["one", "<p>{{{@content}}}</p>", 1],
    ["one with spaces", "{{{ @content }}}", 1],
    ["one written with &", "{{& @content}}", 1],
    ["one inside a section", "{{#brand}}{{{@content}}}{{/brand}}", 1],
    ["two", "{{{@content}}}{{{ @content }}}", 2],
    ["the escaped form is not a placeholder", "{{{content}}}", 0],
  ])("counts %s", (_label, source, count) => {
    expect(countContentPlaceholders(parsed(source))).toBe(count);
  });
});

describe("a layout must hold the placeholder exactly once (ErrorCode 1131)", () => {
  it.each([
    ["both bodies hold it once", { HtmlBody: "<b>{{{@content}}}</b>", TextBody: "{{{ @content }}}" }, null],
    ["only an HTML body, holding it", { HtmlBody: "{{{@content}}}" }, null],
    ["only a text body, holding it", { TextBody: "{{{@content}}}" }, null],
    ["the HTML body lacks it", { HtmlBody: "<b></b>", TextBody: "{{{@content}}}" }, "HtmlBody"],
    ["the text body holds it twice", { HtmlBody: "{{{@content}}}", TextBody: "{{{@content}}}{{{@content}}}" }, "TextBody"],
  ] as const)("%s", (_label, bodies, failing) => {
    const parts = {
      HtmlBody: "HtmlBody" in bodies ? parsed(bodies.HtmlBody) : null,
      TextBody: "TextBody" in bodies ? parsed(bodies.TextBody) : null,
    };
    const result = checkLayoutPlaceholders(parts);
    if (failing === null) {
      expect(result).toBeNull();
    } else {
      expect(result?.ErrorCode).toBe(1131);
      expect(result?.Message).toContain(failing);
    }
  });
});
