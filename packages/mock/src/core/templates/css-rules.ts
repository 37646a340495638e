// The rules of a style sheet, read in one pass: style rules (selectors and declarations) in
// source order, and the at-rules (@media, @font-face, …), which cannot be moved onto elements and
// stay in a <style> block as written. Comments and the HTML comment markers CSS ignores are
// dropped; strings and parentheses are respected, so `url(data:…;…)` stays one value.

export type SheetItem = { kind: "style"; selectors: string; body: string } | { kind: "at"; text: string };

export interface Declaration {
  /** lower case */
  name: string;
  value: string;
  important: boolean;
}

/** The rules of a style sheet, in source order. */
export function readSheet(css: string): SheetItem[] {
  const text = stripComments(css);
  const items: SheetItem[] = [];
  let at = 0;
  while (at < text.length) {
    const start = skipSpace(text, at);
    if (start >= text.length) break;
    if (text[start] === "}") {
      at = start + 1; // a stray closing brace
      continue;
    }
    const open = scanTo(text, start, "{;");
    if (text[start] === "@") {
      // `@import …;` and `@charset …;` end at a semicolon; blocks end at their matching brace.
      const end = open < text.length && text[open] === "{" ? blockEnd(text, open) : open + 1;
      items.push({ kind: "at", text: text.slice(start, end).trim() });
      at = end;
      continue;
    }
    if (open >= text.length || text[open] === ";") {
      at = open + 1; // a prelude without a block: nothing to keep
      continue;
    }
    const end = blockEnd(text, open);
    items.push({ kind: "style", selectors: text.slice(start, open).trim(), body: text.slice(open + 1, end - 1) });
    at = end;
  }
  return items;
}

/** The declarations of a rule body or a style attribute, in order. */
export function readDeclarations(body: string): Declaration[] {
  const declarations: Declaration[] = [];
  let at = 0;
  while (at < body.length) {
    const end = scanTo(body, at, ";");
    const part = body.slice(at, end);
    at = end + 1;
    const colon = part.indexOf(":");
    if (colon <= 0) continue;
    const name = part.slice(0, colon).trim().toLowerCase();
    let value = part.slice(colon + 1).trim();
    if (!/^-?[a-z_-][a-z0-9_-]*$/.test(name) || value === "") continue;
    const important = /!\s*important$/i.test(value);
    if (important) value = value.replace(/\s*!\s*important$/i, "");
    declarations.push({ name, value, important });
  }
  return declarations;
}

/** Splits a selector list at its top-level commas. */
export function splitSelectors(list: string): string[] {
  const parts: string[] = [];
  let at = 0;
  while (at <= list.length) {
    const end = scanTo(list, at, ",");
    const part = list.slice(at, end).trim();
    if (part !== "") parts.push(part);
    at = end + 1;
  }
  return parts;
}

function stripComments(css: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < css.length; i++) {
    const char = css[i];
    if (char === '"' || char === "'") {
      i = stringEnd(css, i) - 1;
    } else if (char === "/" && css[i + 1] === "*") {
      parts.push(css.slice(from, i), " ");
      const end = css.indexOf("*/", i + 2);
      i = end < 0 ? css.length : end + 1;
      from = i + 1;
    }
  }
  parts.push(css.slice(from));
  return parts.join("").replace(/<!--|-->/g, " ");
}

/** The index just past the string that opens at `start` (escapes respected). */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote || text[i] === "\n") return i + 1;
  }
  return text.length;
}

/** The first of `stops` at the top level (outside strings, parentheses and brackets), or the end. */
function scanTo(text: string, from: number, stops: string): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"' || char === "'") i = stringEnd(text, i) - 1;
    else if (char === "\\") i++;
    else if (char === "(" || char === "[") depth++;
    else if ((char === ")" || char === "]") && depth > 0) depth--;
    else if (depth === 0 && stops.includes(char)) return i;
  }
  return text.length;
}

/** The index just past the brace that closes the block opening at `open`. */
function blockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"' || char === "'") i = stringEnd(text, i) - 1;
    else if (char === "\\") i++;
    else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i + 1;
  }
  return text.length;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
