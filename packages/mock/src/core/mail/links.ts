import { Parser } from "htmlparser2";
import { find } from "linkifyjs";
import type { TrackLinksMode } from "./types.js";

/** Where a tracked link sits: Postmark's `ClickLocation` values. */
export type ClickLocation = "HTML" | "Text";

export interface TrackedLink {
  url: string;
  location: ClickLocation;
}

const trackable = (url: string): boolean => /^https?:\/\/\S+$/i.test(url);

/**
 * The links of an HTML body that link tracking rewrites: `href`s of anchors, entities decoded.
 * Postmark leaves alone anchors marked `data-pm-no-track`, and anything that is not http(s).
 */
export function htmlLinks(html: string): string[] {
  const links: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name !== "a" || "data-pm-no-track" in attributes) return;
        const href = attributes.href?.trim();
        if (href !== undefined && trackable(href)) links.push(href);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return links;
}

/** The links of a text body that link tracking rewrites: URLs written out with their http(s) scheme. */
export function textLinks(text: string): string[] {
  return find(text, "url")
    .filter((match) => trackable(match.value))
    .map((match) => match.value);
}

const unique = (urls: string[]): string[] => [...new Set(urls)];

/**
 * The links a click can be recorded on, in order of appearance and once each per body part,
 * for a message's TrackLinks mode (absent or "None": no link is tracked).
 */
export function extractLinks(html: string | undefined, text: string | undefined, mode: TrackLinksMode | undefined): TrackedLink[] {
  const links: TrackedLink[] = [];
  if (html && (mode === "HtmlAndText" || mode === "HtmlOnly")) {
    for (const url of unique(htmlLinks(html))) links.push({ url, location: "HTML" });
  }
  if (text && (mode === "HtmlAndText" || mode === "TextOnly")) {
    for (const url of unique(textLinks(text))) links.push({ url, location: "Text" });
  }
  return links;
}
