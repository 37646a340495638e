import { describe, expect, it } from "vitest";
import type { MessageQuery } from "./api.js";
import { parseSearch } from "./search.js";

const servers = [
  { ID: 1, Name: "Default" },
  { ID: 7, Name: "Billing App" },
];

describe("parseSearch", () => {
  const cases: { text: string; query: MessageQuery; problems?: number }[] = [
    { text: "", query: {} },
    { text: "   ", query: {} },
    { text: "invoice", query: { q: "invoice" } },
    { text: "order  shipped", query: { q: "order shipped" } },
    { text: "to:jane@example.org", query: { recipient: "jane@example.org" } },
    { text: "recipient:jane", query: { recipient: "jane" } },
    { text: "FROM:billing@example.com Subject:Invoice", query: { from: "billing@example.com", subject: "Invoice" } },
    { text: 'subject:"order shipped" tag:welcome', query: { subject: "order shipped", tag: "welcome" } },
    { text: '"two words" stream:broadcast', query: { q: "two words", stream: "broadcast" } },
    { text: "server:7", query: { server: 7 } },
    { text: 'server:"billing app" reset', query: { server: 7, q: "reset" } },
    { text: "server:42", query: { server: 42 } },
    { text: "server:Nowhere", query: {}, problems: 1 },
    { text: "tag: welcome", query: { q: "welcome" }, problems: 1 },
    { text: "http://example.com", query: { q: "http://example.com" } },
    { text: 'subject:"unfinished quote', query: { subject: "unfinished quote" } },
  ];
  it.each(cases)("reads $text", ({ text, query, problems = 0 }) => {
    const parsed = parseSearch(text, servers);
    expect(parsed.query).toEqual(query);
    expect(parsed.problems).toHaveLength(problems);
  });
});
