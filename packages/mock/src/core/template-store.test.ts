import { describe, expect, it } from "vitest";
import { parsedPart, type StoredTemplate } from "./template-store.js";

function template(overrides: Partial<StoredTemplate> = {}): StoredTemplate {
  return {
    TemplateId: 1,
    Name: "t",
    Subject: "Hi {{name}}",
    HtmlBody: null,
    TextBody: "{{#each x}}",
    AssociatedServerId: 1,
    Active: true,
    Alias: null,
    TemplateType: "Standard",
    LayoutTemplate: null,
    ...overrides,
  };
}

describe("parsed template parts", () => {
  it("parses a part once while its text stays the same, and again after it changes", () => {
    const stored = template();
    const first = parsedPart(stored, "Subject");
    expect(first?.ok).toBe(true);
    expect(parsedPart(stored, "Subject")).toBe(first);
    stored.Subject = "Bye {{name}}";
    const changed = parsedPart(stored, "Subject");
    expect(changed).not.toBe(first);
    expect(changed?.ok && changed.template.source).toBe("Bye {{name}}");
  });

  it("answers null for a missing part and the errors for content that does not parse", () => {
    const stored = template();
    expect(parsedPart(stored, "HtmlBody")).toBeNull();
    const text = parsedPart(stored, "TextBody");
    expect(text?.ok).toBe(false);
  });
});
