// Encoders for MIME text, on web-standard TextEncoder and btoa only, so they run the same in
// Node, browsers and workers.

export const CRLF = "\r\n";
const utf8 = new TextEncoder();

/** The UTF-8 bytes of a string as a "binary string" (one char per byte), as btoa and QP expect. */
export function utf8Binary(text: string): string {
  let binary = "";
  for (const byte of utf8.encode(text)) binary += String.fromCharCode(byte);
  return binary;
}

/**
 * How many bytes a string takes in UTF-8, as TextEncoder writes it (a lone surrogate becomes
 * U+FFFD, three bytes), counted without making the bytes.
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two UTF-16 units, four bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Bytes as base64 text (in slices, so that a large attachment does not overflow the call stack). */
export function base64Of(bytes: Uint8Array): string {
  const slices: string[] = [];
  const slice = 3 * 4096;
  for (let i = 0; i < bytes.length; i += slice) slices.push(String.fromCharCode.apply(null, bytes.subarray(i, i + slice) as unknown as number[]));
  return btoa(slices.join(""));
}

/** The bytes of base64 text; blanks (line breaks of wrapped base64) are left out. */
export function decodeBase64(content: string): Uint8Array {
  const binary = atob(content.replace(/\s/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const isAscii = (text: string): boolean => /^[\x00-\x7f]*$/.test(text);

/** Line ends as CRLF, whatever the input used. */
export const toCrlf = (text: string): string => text.replace(/\r\n|\r|\n/g, CRLF);

/** Base64 text cut into lines of 76 characters (RFC 2045). */
export function wrapBase64(base64: string): string {
  const clean = base64.replace(/\s+/g, "");
  const lines: string[] = [];
  for (let i = 0; i < clean.length; i += 76) lines.push(clean.slice(i, i + 76));
  return lines.join(CRLF);
}

const hex = (byte: number) => `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * What each byte becomes in quoted-printable text: printable ASCII stands for itself, except "=";
 * everything else is "=XX". Spaces and tabs stand for themselves too, but not at a line's end.
 */
const qpTokens = Array.from({ length: 256 }, (_, byte) => ((byte >= 33 && byte <= 126 && byte !== 61) || byte === 32 || byte === 9 ? String.fromCharCode(byte) : hex(byte)));

/** One line of text as quoted-printable, with soft breaks keeping lines within 76 characters. */
function quotedPrintableLine(line: string): string {
  // ASCII text is its own UTF-8: its characters are its bytes, with no encoding step.
  const ascii = isAscii(line);
  const bytes = ascii ? undefined : utf8.encode(line);
  const length = bytes ? bytes.length : line.length;
  let out = "";
  let column = 0;
  for (let i = 0; i < length; i++) {
    const byte = bytes ? (bytes[i] as number) : line.charCodeAt(i);
    const token = i === length - 1 && (byte === 32 || byte === 9) ? hex(byte) : (qpTokens[byte] as string);
    if (column + token.length > 75) {
      out += `=${CRLF}`;
      column = 0;
    }
    out += token;
    column += token.length;
  }
  return out;
}

/** Quoted-printable for a text body (RFC 2045 section 6.7): line breaks stay CRLF line breaks. */
export function quotedPrintableText(text: string): string {
  return toCrlf(text).split(CRLF).map(quotedPrintableLine).join(CRLF);
}

// An encoded word may be at most 75 characters (RFC 2047 section 2): "=?UTF-8?B?" and "?=" take 12,
// leaving 63 for base64, that is 45 bytes of UTF-8 (never splitting a character).
const wordBytes = 45;

/** RFC 2047 "B" encoded words for a header text, separated by folding whitespace. */
export function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = "";
  let chunkBytes = 0;
  for (const char of text) {
    const size = utf8.encode(char).length;
    if (chunkBytes + size > wordBytes && chunk !== "") {
      words.push(chunk);
      chunk = "";
      chunkBytes = 0;
    }
    chunk += char;
    chunkBytes += size;
  }
  if (chunk !== "") words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${btoa(utf8Binary(word))}?=`).join(`${CRLF} `);
}

/**
 * An unstructured header value (Subject, custom headers): as is when printable ASCII, else encoded
 * words (control characters such as NUL included, which RFC 5322 does not allow raw). Line breaks
 * become spaces, so a value can never start a header of its own.
 */
export function headerText(text: string): string {
  const line = text.replace(/\r\n|\r|\n/g, " ");
  return /^[\x20-\x7e\t]*$/.test(line) ? line : encodedWords(line);
}

/**
 * A whole header line, folded at spaces so lines stay within 78 characters where a space allows
 * (RFC 5322 section 2.2.3). Values that already carry folds (encoded words) are kept as they are.
 */
export function headerLine(name: string, value: string): string {
  const line = `${name}: ${value}`;
  if (line.includes(CRLF) || line.length <= 78) return line;
  const out: string[] = [];
  let rest = line;
  while (rest.length > 78) {
    const cut = rest.lastIndexOf(" ", 78);
    if (cut <= name.length + 1) break;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out.join(CRLF);
}

const quoteString = (text: string): string => `"${text.replace(/(["\\])/g, "\\$1")}"`;

/** A display name as a phrase: atoms as they are, punctuation quoted, other scripts encoded. */
export function displayName(name: string): string {
  if (!isAscii(name)) return encodedWords(name);
  return /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name) ? name : quoteString(name);
}

/** A MIME parameter (`name="…"`); other scripts use RFC 2231 (`name*=UTF-8''…`). */
export function mimeParameter(key: string, value: string): string {
  if (isAscii(value)) return `${key}=${quoteString(value)}`;
  const percent = Array.from(utf8.encode(value), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9!#$&+\-.^_`|~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
  return `${key}*=UTF-8''${percent}`;
}

const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** An RFC 5322 date-time in UTC: "Mon, 30 Nov 2026 03:38:29 +0000". */
export function rfc5322Date(date: Date): string {
  return `${days[date.getUTCDay()]}, ${two(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
