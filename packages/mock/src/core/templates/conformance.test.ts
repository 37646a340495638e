import { describe, expect, it } from "vitest";
import {
  parseTemplate,
  renderTemplate,
  renderWithLayout,
  TemplateRenderError,
  type Template,
  type TemplateError,
} from "./index.js";

function parsed(source: string): Template {
  const result = parseTemplate(source);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(source)} to parse: ${JSON.stringify(result.errors)}`);
  return result.template;
}

interface RenderCase {
  name: string;
  template: string;
  model: unknown;
  /** Output for HtmlBody (escaping on). */
  html: string;
  /** Output for Subject/TextBody (escaping off); the same as html when omitted. */
  text?: string;
}

const renderCases: RenderCase[] = [
  // Values
  { name: "plain text passes through", template: "Hello there", model: {}, html: "Hello there" },
  { name: "a value", template: "Hi {{name}}!", model: { name: "Jane" }, html: "Hi Jane!" },
  { name: "spaces inside the braces", template: "Hi {{   name\t}}!", model: { name: "Jane" }, html: "Hi Jane!" },
  { name: "a missing value renders empty", template: "[{{nope}}]", model: {}, html: "[]" },
  { name: "null renders empty", template: "[{{x}}]", model: { x: null }, html: "[]" },
  { name: "a dot path", template: "{{order.total}}", model: { order: { total: "12.50" } }, html: "12.50" },
  { name: "a deep dot path", template: "{{a.b.c.d}}", model: { a: { b: { c: { d: "deep" } } } }, html: "deep" },
  { name: "a dot path through a missing object", template: "[{{a.b.c}}]", model: { a: {} }, html: "[]" },
  { name: "a dot path through a string", template: "[{{a.length}}]", model: { a: "text" }, html: "[]" },
  { name: "names are case-sensitive", template: "[{{Name}}]", model: { name: "Jane" }, html: "[]" },
  { name: "no index access into lists", template: "[{{list.0}}][{{list.length}}]", model: { list: ["a"] }, html: "[][]" },
  { name: "integers", template: "{{n}}", model: { n: 42 }, html: "42" },
  { name: "decimals", template: "{{n}}", model: { n: 1.5 }, html: "1.5" },
  { name: "zero prints", template: "{{n}}", model: { n: 0 }, html: "0" },
  { name: "small numbers in .NET exponent style", template: "{{n}}", model: { n: 1e-7 }, html: "1E-07" },
  { name: "true prints as .NET does", template: "{{t}}/{{f}}", model: { t: true, f: false }, html: "True/False" },
  { name: "objects print nothing", template: "[{{o}}]", model: { o: { a: 1 } }, html: "[]" },
  { name: "lists print nothing", template: "[{{l}}]", model: { l: [1, 2] }, html: "[]" },
  { name: "`.` is the current scope", template: "{{#name}}<{{.}}>{{/name}}", model: { name: "J&o" }, html: "<J&amp;o>", text: "<J&o>" },
  { name: "`this` is the current scope", template: "{{#each l}}{{this}},{{/each}}", model: { l: ["a", "b"] }, html: "a,b," },
  { name: "`this.x` reads from the current scope", template: "{{#each l}}{{this.x}}{{/each}}", model: { l: [{ x: 1 }, { x: 2 }] }, html: "12" },
  { name: "unicode passes through in text and keys", template: "{{prénom}} ✓", model: { prénom: "Zoë 😀" }, html: "Zo&#235; &#128512; ✓", text: "Zoë 😀 ✓" },

  // Escaping
  {
    name: "{{x}} escapes & < > \" ' in HTML",
    template: "{{x}}",
    model: { x: `Tom & "Jerry" <b>'hi'</b>` },
    html: "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;hi&#39;&lt;/b&gt;",
    text: `Tom & "Jerry" <b>'hi'</b>`,
  },
  { name: "{{x}} encodes U+00A0–U+00FF", template: "{{x}}", model: { x: "café\u00a0£" }, html: "caf&#233;&#160;&#163;", text: "café\u00a0£" },
  { name: "{{x}} leaves other BMP characters", template: "{{x}}", model: { x: "€ Ω 日本" }, html: "€ Ω 日本" },
  { name: "{{{x}}} is not escaped", template: "{{{x}}}", model: { x: "<b>&</b>" }, html: "<b>&</b>" },
  { name: "{{& x}} is not escaped", template: "{{& x}}", model: { x: "<b>&</b>" }, html: "<b>&</b>" },
  { name: "{{{ x }}} allows spaces", template: "{{{  x  }}}", model: { x: "<i>" }, html: "<i>" },
  { name: "template text is never escaped", template: "<p>&amp; {{x}}</p>", model: { x: "&" }, html: "<p>&amp; &amp;</p>", text: "<p>&amp; &</p>" },

  // Tags that are not tags
  { name: "a lone {{ is text", template: "a {{ b", model: { b: "x" }, html: "a {{ b" },
  { name: "{{}} is text", template: "a{{}}b", model: {}, html: "a{{}}b" },
  { name: "a brace inside a tag makes it text", template: "{{a{b}}", model: {}, html: "{{a{b}}" },
  { name: "an extra brace after a tag is text", template: "{{x}}}", model: { x: "1" }, html: "1}" },
  { name: "an extra brace before a tag is text", template: "{{{x}}", model: { x: "1" }, html: "{1" },

  // Comments
  { name: "a comment renders nothing", template: "a{{! note to self }}b", model: {}, html: "ab" },
  { name: "a comment spans lines", template: "a{{!\nline one\nline two\n}}b", model: {}, html: "ab" },

  // Sections
  { name: "a section on an object enters it", template: "{{#user}}Hi {{name}}{{/user}}", model: { user: { name: "Jo" } }, html: "Hi Jo" },
  { name: "a section on a missing value is skipped", template: "[{{#user}}x{{/user}}]", model: {}, html: "[]" },
  { name: "a section on true renders once", template: "{{#ok}}yes{{/ok}}", model: { ok: true }, html: "yes" },
  { name: "a section on a string renders with it in scope", template: "{{#s}}[{{.}}]{{/s}}", model: { s: "v" }, html: "[v]" },
  { name: "a section with a dot path", template: "{{#a.b}}{{c}}{{/a.b}}", model: { a: { b: { c: "C" } } }, html: "C" },
  { name: "spaces inside section tags", template: "{{# user }}{{ name }}{{/ user }}", model: { user: { name: "Jo" } }, html: "Jo" },
  {
    name: "a section on a list renders once and does not loop",
    template: "{{#items}}[{{name}}]{{/items}}",
    model: { items: [{ name: "a" }, { name: "b" }] },
    html: "[]",
  },
  { name: "no lookup in outer scopes", template: "{{#user}}[{{company}}]{{/user}}", model: { user: { name: "Jo" }, company: "Acme" }, html: "[]" },
  { name: "../ climbs out of a section", template: "{{#user}}{{name}}@{{../company}}{{/user}}", model: { user: { name: "Jo" }, company: "Acme" }, html: "Jo@Acme" },
  { name: "../ out of a dot-path section reaches the middle object", template: "{{#a.b}}{{../x}}{{/a.b}}", model: { a: { b: { y: 1 }, x: "ax" }, x: "root" }, html: "ax" },
  { name: "../ at the top stays at the top", template: "{{../../name}}", model: { name: "Jo" }, html: "Jo" },
  { name: "nested sections", template: "{{#a}}{{#b}}{{#c}}{{v}}{{/c}}{{/b}}{{/a}}", model: { a: { b: { c: { v: "deep" } } } }, html: "deep" },
  {
    name: "../../ from two sections deep",
    template: "{{#a}}{{#b}}{{../../top}}/{{../mid}}{{/b}}{{/a}}",
    model: { top: "T", a: { mid: "M", b: { x: 1 } } },
    html: "T/M",
  },

  // Falsy values
  ...[
    ["null", null],
    ["false", false],
    ["0", 0],
    ["0.0", 0.0],
    ["an empty string", ""],
    ["an empty list", []],
    ["an empty object", {}],
    ["a missing value", undefined],
  ].map(([label, value]) => ({
    name: `${String(label)} is false`,
    template: "{{#v}}yes{{/v}}{{^v}}no{{/v}}",
    model: value === undefined ? {} : { v: value },
    html: "no",
  })),
  ...[
    ["1", 1],
    ["-1", -1],
    ["a string", "x"],
    ["the string \"0\"", "0"],
    ["the string \"false\"", "false"],
    ["a non-empty list", [0]],
    ["a non-empty object", { a: null }],
  ].map(([label, value]) => ({
    name: `${String(label)} is true`,
    template: "{{#v}}yes{{/v}}{{^v}}no{{/v}}",
    model: { v: value },
    html: "yes",
  })),

  // Inverted sections
  { name: "an inverted section renders when the value is missing", template: "{{^items}}none{{/items}}", model: {}, html: "none" },
  { name: "an inverted section is skipped when the value is true", template: "[{{^ok}}x{{/ok}}]", model: { ok: true }, html: "[]" },
  {
    name: "names inside an inverted section resolve against its empty value",
    template: "{{^user}}[{{name}}][{{../name}}]{{/user}}",
    model: { name: "Guest" },
    html: "[][Guest]",
  },
  {
    name: "{{#x}}…{{^x}}…{{/x}} gives an otherwise branch",
    template: "{{#vip}}VIP{{^vip}}regular{{/vip}}|",
    model: { vip: false },
    html: "regular|",
  },
  {
    name: "{{#x}}…{{^x}}…{{/x}} takes the first branch when true",
    template: "{{#vip}}VIP{{^vip}}regular{{/vip}}|",
    model: { vip: true },
    html: "VIP|",
  },

  // Each
  {
    name: "each loops and names resolve against the item",
    template: "{{#each items}}<li>{{name}}</li>{{/each}}",
    model: { items: [{ name: "a" }, { name: "b&c" }] },
    html: "<li>a</li><li>b&amp;c</li>",
    text: "<li>a</li><li>b&c</li>",
  },
  { name: "each over strings with {{.}}", template: "{{#each tags}}{{.}};{{/each}}", model: { tags: ["x", "y"] }, html: "x;y;" },
  { name: "each over an empty list renders nothing", template: "[{{#each l}}x{{/each}}]", model: { l: [] }, html: "[]" },
  { name: "each over a missing value renders nothing", template: "[{{#each l}}x{{/each}}]", model: {}, html: "[]" },
  { name: "each over null renders nothing", template: "[{{#each l}}x{{/each}}]", model: { l: null }, html: "[]" },
  { name: "each over false renders nothing", template: "[{{#each l}}x{{/each}}]", model: { l: false }, html: "[]" },
  { name: "each with a dot path", template: "{{#each order.lines}}{{sku}} {{/each}}", model: { order: { lines: [{ sku: "A" }, { sku: "B" }] } }, html: "A B " },
  { name: "each keeps the whitespace around its tags", template: "<ul>\n{{#each l}}\n  <li>{{.}}</li>\n{{/each}}\n</ul>", model: { l: [1, 2] }, html: "<ul>\n\n  <li>1</li>\n\n  <li>2</li>\n\n</ul>" },
  {
    name: "inside each, the first ../ reaches the list itself",
    template: "{{#each people}}[{{../company}}]{{/each}}",
    model: { company: "Acme", people: [{ name: "a" }] },
    html: "[]",
  },
  {
    name: "inside each, ../../ reaches the object holding the list",
    template: "{{#each people}}{{name}} works for {{../../company}}. {{/each}}",
    model: { company: "Acme", people: [{ name: "Wile" }, { name: "Road" }] },
    html: "Wile works for Acme. Road works for Acme. ",
  },
  {
    name: "nested each",
    template: "{{#each groups}}{{title}}:{{#each members}}{{name}},{{/each}};{{/each}}",
    model: { groups: [{ title: "A", members: [{ name: "a1" }, { name: "a2" }] }, { title: "B", members: [{ name: "b1" }] }] },
    html: "A:a1,a2,;B:b1,;",
  },
  {
    name: "nested each climbing to the outer item and the top",
    template: "{{#each groups}}{{#each members}}{{name}}/{{../../title}}/{{../../../../org}} {{/each}}{{/each}}",
    model: { org: "O", groups: [{ title: "G", members: [{ name: "m" }] }] },
    html: "m/G/O ",
  },
  {
    name: "a section inside each",
    template: "{{#each l}}{{#vip}}*{{/vip}}{{name}} {{/each}}",
    model: { l: [{ name: "a", vip: true }, { name: "b" }] },
    html: "*a b ",
  },
  { name: "each inside a section", template: "{{#o}}{{#each l}}{{.}}{{/each}}{{/o}}", model: { o: { l: [1, 2, 3] } }, html: "123" },
  { name: "@index counts from 0", template: "{{#each l}}{{@index}}{{.}} {{/each}}", model: { l: ["a", "b"] }, html: "0a 1b " },
  { name: "@first and @last", template: "{{#each l}}{{@first}}/{{@last}} {{/each}}", model: { l: [1, 2] }, html: "True/False False/True " },
  { name: "@index is the innermost loop's", template: "{{#each a}}{{#each b}}{{@index}}{{/each}}|{{/each}}", model: { a: [{ b: [1, 2] }] }, html: "01|" },
  { name: "@index outside a loop is empty", template: "[{{@index}}]", model: {}, html: "[]" },
];

describe("rendering", () => {
  it.each(renderCases)("$name", ({ template, model, html, text }) => {
    const parsedTemplate = parsed(template);
    expect(renderTemplate(parsedTemplate, model, { html: true })).toBe(html);
    expect(renderTemplate(parsedTemplate, model, { html: false })).toBe(text ?? html);
  });
});

interface ErrorCase {
  name: string;
  template: string;
  errors: TemplateError[];
}

const unclosed = (path: string, line: number, at: number): TemplateError => ({
  Message: `A scope block to the following path was opened but not closed: '${path}', please close it using the appropriate syntax.`,
  Line: line,
  CharacterPosition: at,
});
const mismatched = (line: number, at: number): TemplateError => ({
  Message: "It appears that open and closing elements are mismatched.",
  Line: line,
  CharacterPosition: at,
});
const invalidPath = (path: string, line: number, at: number): TemplateError => ({
  Message: `The path '${path}' is not valid. Please see documentation for examples of valid paths.`,
  Line: line,
  CharacterPosition: at,
});

const errorCases: ErrorCase[] = [
  { name: "an unclosed section", template: "Hi {{#user}}{{name}}", errors: [unclosed("user", 1, 4)] },
  { name: "an unclosed each", template: "a\n  {{#each items}}x", errors: [unclosed("items", 2, 3)] },
  { name: "an unclosed inverted section", template: "{{^x}}", errors: [unclosed("x", 1, 1)] },
  {
    name: "several unclosed blocks, outermost first",
    template: "{{#a}}\n{{#each b}}\n{{^c}}",
    errors: [unclosed("a", 1, 1), unclosed("b", 2, 1), unclosed("c", 3, 1)],
  },
  { name: "a close tag that matches nothing", template: "text{{/user}}", errors: [mismatched(1, 5)] },
  { name: "a close tag with the wrong name", template: "{{#a}}x{{/b}}", errors: [unclosed("a", 1, 1), mismatched(1, 8)] },
  { name: "crossed blocks", template: "{{#a}}{{#b}}{{/a}}{{/b}}", errors: [unclosed("a", 1, 1), mismatched(1, 13)] },
  { name: "each closed by its name", template: "{{#each l}}x{{/l}}", errors: [unclosed("l", 1, 1), mismatched(1, 13)] },
  {
    name: "each without a path",
    template: "{{#each}}x{{/each}}",
    errors: [{ Message: "The 'each' block being opened requires a model path to be specified in the form '{{#each <name>}}'.", Line: 1, CharacterPosition: 1 }],
  },
  {
    name: "each with only spaces for a path",
    template: "x\r\n{{#each   }}{{/each}}",
    errors: [{ Message: "The 'each' block being opened requires a model path to be specified in the form '{{#each <name>}}'.", Line: 2, CharacterPosition: 1 }],
  },
  {
    name: "a wrongly written each close",
    template: "{{#each l}}x{{/each }}",
    errors: [unclosed("l", 1, 1), { Message: "The syntax to close the 'each' block should be: '{{/each}}'.", Line: 1, CharacterPosition: 13 }],
  },
  {
    name: "an each close without an each",
    template: "{{#a}}{{/each}}{{/a}}",
    errors: [{ Message: "An 'each' block is being closed, but no corresponding opening element ('{{#each <name>}}') was detected.", Line: 1, CharacterPosition: 7 }],
  },
  { name: "a partial is unknown syntax", template: "{{> footer}}", errors: [invalidPath("> footer", 1, 1)] },
  { name: "an if helper is unknown syntax", template: "{{#if ok}}x{{/if ok}}", errors: [invalidPath("if ok", 1, 1), invalidPath("if ok", 1, 12)] },
  { name: "a path with a space", template: "{{first name}}", errors: [invalidPath("first name", 1, 1)] },
  { name: "a path with a dash", template: "{{first-name}}", errors: [invalidPath("first-name", 1, 1)] },
  { name: "a path with three dots", template: "{{a...b}}", errors: [invalidPath("a...b", 1, 1)] },
  { name: "a path with a slash", template: "{{a/b}}", errors: [invalidPath("a/b", 1, 1)] },
  { name: "a path ending in ..", template: "{{a..}}", errors: [invalidPath("a..", 1, 1)] },
  { name: "an unknown @ name", template: "{{@key}}", errors: [invalidPath("@key", 1, 1)] },
  { name: "a double-brace @content", template: "{{@content}}", errors: [invalidPath("@content", 1, 1)] },
  { name: "positions count UTF-16 units after the last newline", template: "é😀\n\tab {{a b}}", errors: [invalidPath("a b", 2, 5)] },
  {
    name: "errors come sorted by line and character",
    template: "{{/x}}\n{{#each}}{{/each}}\n{{a b}}{{/y}}",
    errors: [
      mismatched(1, 1),
      { Message: "The 'each' block being opened requires a model path to be specified in the form '{{#each <name>}}'.", Line: 2, CharacterPosition: 1 },
      invalidPath("a b", 3, 1),
      mismatched(3, 8),
    ],
  },
];

describe("parse errors", () => {
  it.each(errorCases)("$name", ({ template, errors }) => {
    expect(parseTemplate(template)).toEqual({ ok: false, errors });
  });
});

describe("each on a value that is not a list", () => {
  it.each([
    ["a string", "text"],
    ["a number", 3],
    ["true", true],
    ["an object", { a: 1 }],
  ])("stops rendering for %s", (_label, value) => {
    const template = parsed("ok\n  {{#each order.lines}}x{{/each}}");
    let thrown: unknown;
    try {
      renderTemplate(template, { order: { lines: value } }, { html: true });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TemplateRenderError);
    expect((thrown as TemplateRenderError).error).toEqual({
      Message: "'order.lines' is used like an array by the template, but is a scalar value or object in your model.",
      Line: 2,
      CharacterPosition: 3,
    });
  });
});

describe("layouts", () => {
  const layoutCases = [
    {
      name: "the content goes where {{{@content}}} stands",
      layout: "<b>header</b> {{{@content}}} <b>footer</b>",
      content: "Hello, {{name}}!",
      model: { name: "Jo" },
      html: "<b>header</b> Hello, Jo! <b>footer</b>",
    },
    {
      name: "whitespace inside the placeholder's braces",
      layout: "[{{{  @content \n }}}]",
      content: "x",
      model: {},
      html: "[x]",
    },
    {
      name: "the layout uses the same model",
      layout: "{{company}}: {{{ @content }}}",
      content: "{{name}} & co",
      model: { company: "A&B", name: "Jo" },
      html: "A&amp;B: Jo & co",
    },
    {
      name: "the content renders in the placeholder's scope",
      layout: "{{#brand}}{{{@content}}}{{/brand}}",
      content: "{{name}}/{{../name}}",
      model: { name: "top", brand: { name: "brand" } },
      html: "brand/top",
    },
    {
      name: "a layout without the placeholder drops the content",
      layout: "only layout",
      content: "content",
      model: {},
      html: "only layout",
    },
    {
      name: "a placeholder inside the content renders nothing",
      layout: "<{{{@content}}}>",
      content: "a{{{@content}}}b",
      model: {},
      html: "<ab>",
    },
  ];
  it.each(layoutCases)("$name", ({ layout, content, model, html }) => {
    expect(renderWithLayout(parsed(layout), parsed(content), model, { html: true })).toBe(html);
  });

  it("a standard template's own placeholder renders nothing", () => {
    expect(renderTemplate(parsed("a{{{@content}}}b"), {}, { html: true })).toBe("ab");
  });
});
