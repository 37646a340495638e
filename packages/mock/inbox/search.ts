// The search box's little language: free words match the sender, any recipient, the subject or
// the tag; `to:`, `from:`, `subject:`, `tag:`, `stream:` and `server:` narrow one field each.
// Values with spaces go in double quotes (subject:"order shipped").
import type { MessageQuery } from "./api.js";

type FieldFilter = "recipient" | "from" | "subject" | "tag" | "stream";

const prefixes: Record<string, FieldFilter | "server"> = {
  to: "recipient",
  recipient: "recipient",
  from: "from",
  subject: "subject",
  tag: "tag",
  stream: "stream",
  server: "server",
};

export const searchPrefixes = ["to:", "from:", "subject:", "tag:", "stream:", "server:"] as const;

export interface ParsedSearch {
  query: MessageQuery;
  /** Parts of the text that could not be used, said in words. */
  problems: string[];
}

/** Splits the text into words, keeping double-quoted runs (and prefix:"quoted runs") whole. */
function words(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:[^\s"]+:)?"[^"]*"?|\S+/g)) {
    found.push(match[0].replace(/"/g, ""));
  }
  return found;
}

/**
 * Turns the search box's text into the control API's message filters. A server may be named by
 * its ID or its name (without regard to case).
 */
export function parseSearch(text: string, servers: readonly { ID: number; Name: string }[] = []): ParsedSearch {
  const query: MessageQuery = {};
  const problems: string[] = [];
  const free: string[] = [];
  for (const word of words(text)) {
    const colon = word.indexOf(":");
    const field = colon > 0 ? prefixes[word.slice(0, colon).toLowerCase()] : undefined;
    const value = field ? word.slice(colon + 1) : word;
    if (!field) {
      if (value) free.push(value);
    } else if (!value) {
      problems.push(`"${word}" needs a value after the colon.`);
    } else if (field === "server") {
      const server = /^\d+$/.test(value) ? servers.find((s) => s.ID === Number(value)) ?? { ID: Number(value) } : servers.find((s) => s.Name.toLowerCase() === value.toLowerCase());
      if (server && server.ID >= 1) query.server = server.ID;
      else problems.push(`No server is named "${value}".`);
    } else {
      query[field] = value;
    }
  }
  if (free.length > 0) query.q = free.join(" ");
  return { query, problems };
}
