import { describe, expect, it } from "vitest";
import { parseTemplate, suggestTemplateModel, type Template } from "./index.js";

function parsed(source: string): Template {
  const result = parseTemplate(source);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.template;
}

const cases: { name: string; templates: string[]; model: Record<string, unknown> }[] = [
  { name: "no variables", templates: ["Test"], model: {} },
  { name: "a plain value", templates: ["{{name}}"], model: { name: "name_Value" } },
  { name: "unescaped values count too", templates: ["{{{a}}}{{& b}}"], model: { a: "a_Value", b: "b_Value" } },
  { name: "a dot path nests objects", templates: ["{{company.address}}"], model: { company: { address: "address_Value" } } },
  {
    name: "a section holds what is used inside it",
    templates: ["{{#company}}{{name}}{{phone}}{{/company}}"],
    model: { company: { name: "name_Value", phone: "phone_Value" } },
  },
  { name: "an inverted section with nothing inside is an empty object", templates: ["{{^competitors}}None.{{/competitors}}"], model: { competitors: {} } },
  { name: "each without fields gives three sample items", templates: ["{{#each products}}{{/each}}"], model: { products: ["products_1", "products_2", "products_3"] } },
  { name: "each over {{.}} still gives three sample items", templates: ["{{#each tags}}{{.}}{{/each}}"], model: { tags: ["tags_1", "tags_2", "tags_3"] } },
  { name: "each with fields gives one sample object", templates: ["{{#each person}} {{name}} {{/each}}"], model: { person: [{ name: "name_Value" }] } },
  {
    name: "nested each",
    templates: ["{{#each groups}}{{title}}{{#each members}}{{name}}{{/each}}{{/each}}"],
    model: { groups: [{ title: "title_Value", members: [{ name: "name_Value" }] }] },
  },
  {
    name: "../ records on the enclosing scope",
    templates: ["{{#user}}{{name}}{{../company}}{{/user}}"],
    model: { user: { name: "name_Value" }, company: "company_Value" },
  },
  {
    // Unlike rendering (where the first ../ inside each reaches the list), inference climbs
    // from the list straight to its owner, and stays there at the top.
    name: "../ from inside each records on the list's owner",
    templates: ["{{#each people}}{{../../title}}{{../label}}{{/each}}"],
    model: { people: ["people_1", "people_2", "people_3"], title: "title_Value", label: "label_Value" },
  },
  { name: "../ above the top stays at the top", templates: ["{{../../x}}"], model: { x: "x_Value" } },
  { name: "a value printed and tested is an object", templates: ["{{#name}}{{/name}}{{name}}"], model: { name: {} } },
  { name: "loop variables, comments and the layout placeholder need nothing", templates: ["{{! c }}{{{@content}}}{{#each l}}{{@index}}{{/each}}"], model: { l: ["l_1", "l_2", "l_3"] } },
  { name: "`this` is the current scope", templates: ["{{#each l}}{{this.x}}{{/each}}"], model: { l: [{ x: "x_Value" }] } },
  {
    name: "subject, HTML and text merge into one model",
    templates: [
      "{{#company}}{{name}}{{/company}} {{subjectHeadline}}",
      "{{#company}}{{phone}}{{/company}}{{#each person}} {{name}} {{/each}}",
      "{{#company}}{{address}}{{/company}}{{#each person}} {{name}} {{/each}}",
    ],
    model: {
      company: { name: "name_Value", phone: "phone_Value", address: "address_Value" },
      subjectHeadline: "subjectHeadline_Value",
      person: [{ name: "name_Value" }],
    },
  },
];

describe("suggested template model", () => {
  it.each(cases)("$name", ({ templates, model }) => {
    const suggestion = suggestTemplateModel(templates.map(parsed));
    expect(suggestion).toEqual(model);
    // The keys keep the order in which the templates first use them.
    expect(Object.keys(suggestion)).toEqual(Object.keys(model));
  });

  it("renders its own suggestion without errors", () => {
    const template = parsed("{{#company}}{{name}}{{/company}}{{#each people}}{{name}};{{/each}}{{#each tags}}{{.}},{{/each}}");
    const suggestion = suggestTemplateModel([template]);
    expect(suggestion).toEqual({
      company: { name: "name_Value" },
      people: [{ name: "name_Value" }],
      tags: ["tags_1", "tags_2", "tags_3"],
    });
  });
});
