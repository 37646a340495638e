// What a test looks for in an email: its links (to follow a confirmation link) and its one-time
// codes (to type a code into a form). Shared by the mock API and the test helpers. Portable: the
// HTML and text parsers are the ones link tracking uses, and nothing comes from Node.
import { htmlLinks, textLinks } from "./core/mail/links.js";

export interface MessageBodies {
  HtmlBody?: string | null | undefined;
  TextBody?: string | null | undefined;
}

export interface MessageLink {
  Url: string;
  /** the part it was found in */
  Location: "HTML" | "Text";
}

/** The http(s) links of a message, the HTML part's first, in order of appearance, once per part. */
export function linksOf(message: MessageBodies): MessageLink[] {
  const links: MessageLink[] = [];
  if (message.HtmlBody) for (const url of new Set(htmlLinks(message.HtmlBody))) links.push({ Url: url, Location: "HTML" });
  if (message.TextBody) for (const url of new Set(textLinks(message.TextBody))) links.push({ Url: url, Location: "Text" });
  return links;
}

/** Words that announce a code. */
const codeWords = /\b(?:code|codes|otp|passcode|pin|one[- ]time|verification|verify|token|password)\b/gi;

/** A code: 4 to 10 digits (a space or dash may split them in two), or 4 to 12 capitals and digits with at least one of each. */
const codePattern = /\b(?:\d{3,5}[ -]\d{3,5}|\d{4,10}|(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{4,12})\b/g;

/** A link written out in the text (the HTML part's href attributes go with its markup). */
const linkPattern = /\b(?:https?:\/\/|www\.)\S+/gi;

/** How far from a word such as "code" a code may stand, in characters, after it and before it. */
const after = 80;
const before = 40;

/** The text a reader sees: the text part, or the HTML part without its markup. */
function readableText(message: MessageBodies): string {
  if (message.TextBody) return message.TextBody;
  return (message.HtmlBody ?? "")
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}

/**
 * The one-time codes of a message: numeric or alphanumeric codes standing near words such as
 * "code", "OTP" or "verification", nearest after such a word first, then in order of appearance.
 */
export function codesOf(message: MessageBodies): string[] {
  // A link's port, path or query is never the code: links are blanked (same length, so positions hold).
  const text = readableText(message).replace(linkPattern, (link) => " ".repeat(link.length));
  const found: { code: string; rank: number; at: number }[] = [];
  for (const word of text.matchAll(codeWords)) {
    const start = word.index;
    const end = start + word[0].length;
    for (const candidate of text.slice(Math.max(0, start - before), end + after).matchAll(codePattern)) {
      const at = Math.max(0, start - before) + candidate.index;
      if (at >= start && at < end) continue;
      // After the word is likelier than before it ("Your code is 123456").
      const rank = at >= end ? at - end : after + (start - at);
      found.push({ code: candidate[0], rank, at });
    }
  }
  found.sort((a, b) => a.rank - b.rank || a.at - b.at);
  return [...new Set(found.map((entry) => entry.code))];
}

/** The likeliest one-time code of a message, or undefined. */
export function codeOf(message: MessageBodies): string | undefined {
  return codesOf(message)[0];
}
