/**
 * How model values behave in templates. Postmark's engine runs on .NET, so printing follows .NET's
 * conventions for the JSON types a model can hold.
 */

/** Objects read from JSON: the only values whose properties a path can reach (not arrays). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * False for null, missing, false, 0, "", an empty array and an empty object (the engine treats
 * every empty collection, objects included, as false); true for everything else.
 */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") {
    return false;
  }
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") {
    for (const key in value) if (Object.hasOwn(value, key)) return true;
    return false;
  }
  return true;
}

/** The text a value prints as: strings, numbers and booleans only; anything else prints nothing. */
export function printValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "boolean":
      return value ? "True" : "False";
    case "number":
      return printNumber(value);
    default:
      return "";
  }
}

/** Numbers print in their shortest round-trip form, with .NET's exponent style ("1E-07", "1E+21"). */
function printNumber(value: number): string {
  const text = String(value);
  const exponentAt = text.indexOf("e");
  if (exponentAt === -1) return text;
  const sign = text[exponentAt + 1] === "-" ? "-" : "+";
  const digits = text.slice(exponentAt + 2).padStart(2, "0");
  return `${text.slice(0, exponentAt)}E${sign}${digits}`;
}

const HTML_SPECIAL = /[&<>"'\u00a0-\u00ff\ud800-\udfff]/;

/**
 * HTML-escapes like .NET's HtmlEncode, which Postmark's engine uses: the five special characters,
 * and also characters U+00A0–U+00FF and those outside the Basic Multilingual Plane as numeric
 * references (so "é" becomes "&#233;" and "😀" becomes "&#128512;").
 */
export function escapeHtml(text: string): string {
  if (!HTML_SPECIAL.test(text)) return text;
  let out = "";
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let entity: string | undefined;
    if (code === 0x26) entity = "&amp;";
    else if (code === 0x3c) entity = "&lt;";
    else if (code === 0x3e) entity = "&gt;";
    else if (code === 0x22) entity = "&quot;";
    else if (code === 0x27) entity = "&#39;";
    else if (code >= 0xa0 && code <= 0xff) entity = `&#${code};`;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        entity = `&#${(code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000};`;
        out += text.slice(plainFrom, i) + entity;
        i++;
        plainFrom = i + 1;
        continue;
      }
      entity = "&#65533;"; // a lone surrogate cannot be encoded
    }
    if (entity !== undefined) {
      out += text.slice(plainFrom, i) + entity;
      plainFrom = i + 1;
    }
  }
  return out + text.slice(plainFrom);
}
