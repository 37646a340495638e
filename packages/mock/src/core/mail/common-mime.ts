// A reader for the shapes nearly every mailer sends (one text or HTML part; multipart/alternative
// of the two; multipart/mixed of one of those and attachments; 7bit, 8bit, quoted-printable or
// base64 parts in UTF-8 or US-ASCII), giving what postal-mime gives for them, in one pass over the
// bytes and without postal-mime's per-part buffers. Anything else (non-ASCII header bytes, other
// charsets or multipart types, nested messages, flowed text, RFC 2231 parameters, comments, odd
// base64, a multipart that does not close) answers `undefined`, and the caller parses with
// postal-mime; `common-mime.test.ts` runs both over a corpus and compares.
import { addressParser, decodeWords, type Address, type Attachment, type Email, type Header } from "postal-mime";
import { base64Of, decodeBase64 } from "./encoding.js";

/** The parts of postal-mime's `Email` the SMTP reader uses. */
export type ParsedMail = Pick<Email, "headers" | "from" | "to" | "cc" | "replyTo" | "subject" | "text" | "html" | "attachments">;

/** A header block larger than this is left to postal-mime, which enforces its own limit. */
const maxHeaderBlockBytes = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const EQUALS = 0x3d;

/** Byte ranges of the lines, as postal-mime reads them: every CR and LF at the end of a line left out. */
class Lines {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  constructor(readonly bytes: Uint8Array) {
    const length = bytes.length;
    let start = 0;
    while (start < length) {
      let lf = bytes.indexOf(LF, start);
      const next = lf < 0 ? length : lf + 1;
      if (lf < 0) lf = length;
      let end = lf;
      while (end > start && (bytes[end - 1] === CR || bytes[end - 1] === LF)) end--;
      this.starts.push(start);
      this.ends.push(end);
      start = next;
    }
  }
  get count(): number {
    return this.starts.length;
  }
  isEmpty(line: number): boolean {
    return this.starts[line] === this.ends[line];
  }
}

interface Structured {
  value: string;
  params: Map<string, string>;
}

interface Part {
  headers: Header[];
  type: Structured;
  disposition: Structured;
  encoding: string;
  contentId: string | undefined;
  description: string | undefined;
  /** first and past-the-end line of the body */
  body: [number, number];
}

/** For bytes already known to be ASCII, where every decoder agrees. */
const latin1 = new TextDecoder("latin1");

const isWsp = (code: number) => code === 0x20 || code === 0x09;

function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWsp(text.charCodeAt(start))) start++;
  while (end > start && isWsp(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** `type/subtype; name=value; name="value"` with nothing postal-mime would read differently (comments, escapes, continuations). */
const structuredPattern = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+(?:\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)?)[ \t]*((?:;[ \t]*[A-Za-z0-9_.-]+[ \t]*=[ \t]*(?:"[^"\\()]*"|[^ \t;"\\()]+)[ \t]*)*);?[ \t]*$/;
const parameterPattern = /;[ \t]*([A-Za-z0-9_.-]+)[ \t]*=[ \t]*(?:"([^"\\()]*)"|([^ \t;"\\()]+))/g;

function structured(text: string): Structured | undefined {
  if (text === "") return { value: "", params: new Map() };
  const match = structuredPattern.exec(text);
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const parameter of match[2]!.matchAll(parameterPattern)) {
    const name = parameter[1]!.toLowerCase();
    if (!params.has(name)) params.set(name, parameter[2] ?? parameter[3]!);
  }
  return { value: match[1]!.toLowerCase(), params };
}

const contentHeaders = new Set(["content-type", "content-transfer-encoding", "content-disposition", "content-id", "content-description"]);
const transferEncodings = new Set(["", "7bit", "8bit", "binary", "quoted-printable", "base64"]);
const charsets = new Set(["utf-8", "utf8", "us-ascii"]);

/** Reads the header block from `first`; undefined when postal-mime could read it otherwise. */
function readPart(lines: Lines, first: number, last: number): Part | undefined {
  const { bytes } = lines;
  let blank = first;
  while (blank < last && !lines.isEmpty(blank)) blank++;
  if (blank === last) return undefined;
  const from = lines.starts[first]!;
  const to = lines.starts[blank]!;
  if (to - from > maxHeaderBlockBytes) return undefined;
  for (let i = from; i < to; i++) if (bytes[i]! >= 0x80) return undefined;
  const fields: string[][] = [];
  for (let line = first; line < blank; line++) {
    const text = latin1.decode(bytes.subarray(lines.starts[line], lines.ends[line]));
    if (fields.length > 0 && isWsp(text.charCodeAt(0))) fields[fields.length - 1]!.push(text);
    else fields.push([text]);
  }
  const headers: Header[] = [];
  const content = new Map<string, string>();
  for (const pieces of fields) {
    const unfolded = pieces.join("");
    const colon = unfolded.indexOf(":");
    const originalKey = trimWsp(colon < 0 ? unfolded : unfolded.slice(0, colon));
    const value = colon < 0 ? "" : trimWsp(unfolded.slice(colon + 1).replace(/[\r\n]+/g, " "));
    const key = originalKey.toLowerCase();
    headers.push({ key, originalKey, value });
    if (contentHeaders.has(key)) {
      // postal-mime takes the first of each; a second one is a shape left to it.
      if (content.has(key)) return undefined;
      content.set(key, value);
    }
  }
  // Without the header a part is text/plain; with an empty one its type is empty, as in postal-mime.
  const type = structured(content.get("content-type") ?? "text/plain");
  const disposition = structured(content.get("content-disposition") ?? "");
  const encodingMatch = /^[\w-]*$/.exec(content.get("content-transfer-encoding") ?? "");
  if (!type || !disposition || !encodingMatch) return undefined;
  const encoding = encodingMatch[0].toLowerCase();
  if (!transferEncodings.has(encoding)) return undefined;
  return { headers, type, disposition, encoding, contentId: content.get("content-id"), description: content.get("content-description"), body: [blank + 1, last] };
}

/** Whether the line is `--boundary` or `--boundary--`, then only blanks: 1, 2, or 0 when it is not. */
function boundaryLine(lines: Lines, line: number, boundary: Uint8Array): 0 | 1 | 2 {
  const { bytes } = lines;
  const start = lines.starts[line]!;
  const end = lines.ends[line]!;
  if (end - start < boundary.length + 2 || bytes[start] !== DASH || bytes[start + 1] !== DASH) return 0;
  for (let i = 0; i < boundary.length; i++) if (bytes[start + 2 + i] !== boundary[i]) return 0;
  let at = start + 2 + boundary.length;
  const closing = end - at >= 2 && bytes[at] === DASH && bytes[at + 1] === DASH;
  if (closing) at += 2;
  for (; at < end; at++) if (!isWsp(bytes[at]!)) return 0;
  return closing ? 2 : 1;
}

/** The parts of a multipart body, each as its range of lines; undefined unless it has parts and closes. */
function splitMultipart(lines: Lines, part: Part): [number, number][] | undefined {
  const boundaryText = part.type.params.get("boundary");
  if (!boundaryText) return undefined;
  const boundary = new TextEncoder().encode(boundaryText);
  const ranges: [number, number][] = [];
  let open = -1;
  for (let line = part.body[0]; line < part.body[1]; line++) {
    const kind = boundaryLine(lines, line, boundary);
    if (kind === 0) continue;
    if (open >= 0) ranges.push([open, line]);
    if (kind === 2) return ranges.length > 0 ? ranges : undefined;
    open = line + 1;
  }
  return undefined;
}

const hex = (code: number) => (code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x41 && code <= 0x46 ? code - 0x37 : code >= 0x61 && code <= 0x66 ? code - 0x57 : -1);

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const base64Values = new Int16Array(128).fill(-1);
for (let i = 0; i < base64Alphabet.length; i++) base64Values[base64Alphabet.charCodeAt(i)] = i;

/** A body's base64 text without blanks, when it is written the one way that decodes and re-encodes to itself. */
function canonicalBase64(lines: Lines, [first, last]: [number, number]): string | undefined {
  const { bytes } = lines;
  const pieces: string[] = [];
  for (let line = first; line < last; line++) {
    let start = lines.starts[line]!;
    let end = lines.ends[line]!;
    while (start < end && isWsp(bytes[start]!)) start++;
    while (end > start && isWsp(bytes[end - 1]!)) end--;
    if (start < end) pieces.push(latin1.decode(bytes.subarray(start, end)));
  }
  const text = pieces.join("");
  if (text.length % 4 !== 0) return undefined;
  let data = text.length;
  while (data > 0 && text.charCodeAt(data - 1) === EQUALS) data--;
  if (text.length - data > 2) return undefined;
  for (let i = 0; i < data; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || base64Values[code]! < 0) return undefined;
  }
  // Bits past the last byte must be zero, or re-encoding would not give the text back.
  const padding = text.length - data;
  if (padding > 0 && (base64Values[text.charCodeAt(data - 1)]! & (padding === 1 ? 0x03 : 0x0f)) !== 0) return undefined;
  return text;
}

/** The decoded bytes of a body as postal-mime decodes it: every line, a line feed after each (but soft breaks). */
function decodeBody(lines: Lines, part: Part): Uint8Array | undefined {
  const { bytes } = lines;
  const [first, last] = part.body;
  if (part.encoding === "base64") {
    const text = canonicalBase64(lines, part.body);
    return text === undefined ? undefined : decodeBase64(text);
  }
  if (last <= first) return new Uint8Array(0);
  // Decoding never lengthens a line; each line gains at most its line feed.
  const out = new Uint8Array(lines.ends[last - 1]! - lines.starts[first]! + (last - first));
  let at = 0;
  const quotedPrintable = part.encoding === "quoted-printable";
  for (let line = first; line < last; line++) {
    const start = lines.starts[line]!;
    let end = lines.ends[line]!;
    if (!quotedPrintable) {
      out.set(bytes.subarray(start, end), at);
      at += end - start;
      out[at++] = LF;
      continue;
    }
    const soft = end > start && bytes[end - 1] === EQUALS;
    if (soft) end--;
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if (byte === EQUALS && i + 2 < end) {
        const high = hex(bytes[i + 1]!);
        const low = hex(bytes[i + 2]!);
        if (high >= 0 && low >= 0) {
          out[at++] = (high << 4) | low;
          i += 2;
          continue;
        }
      }
      out[at++] = byte;
    }
    if (!soft) out[at++] = LF;
  }
  return out.subarray(0, at);
}

const decoders = new Map<string, TextDecoder>();
function decoderFor(charset: string): TextDecoder {
  let decoder = decoders.get(charset);
  if (!decoder) decoders.set(charset, (decoder = new TextDecoder(charset)));
  return decoder;
}

/** A leaf part's text, when postal-mime would read it as the message's text or HTML. */
function textOf(lines: Lines, part: Part): string | undefined {
  const charset = (part.type.params.get("charset") ?? "utf8").trim().toLowerCase();
  if (!charsets.has(charset) || part.type.params.has("format")) return undefined;
  const bytes = decodeBody(lines, part);
  return bytes && decoderFor(charset).decode(bytes);
}

const isInlineText = (part: Part) => part.disposition.value !== "attachment" && (part.type.value === "text/plain" || part.type.value === "text/html");

/** A leaf part that postal-mime lists as an attachment, in the form it gives with `attachmentEncoding: "base64"`. */
function attachmentOf(lines: Lines, part: Part): Attachment | undefined {
  const type = part.type.value;
  if (type.startsWith("multipart/") || type.startsWith("message/") || type === "text/calendar" || type === "application/ics") return undefined;
  let content: string | undefined;
  if (part.encoding === "base64") content = canonicalBase64(lines, part.body);
  else {
    const bytes = decodeBody(lines, part);
    content = bytes && base64Of(bytes);
  }
  if (content === undefined) return undefined;
  const filename = part.disposition.params.get("filename") || part.type.params.get("name") || null;
  return {
    filename: filename ? decodeWords(filename) : null,
    mimeType: type,
    disposition: (part.disposition.value || null) as Attachment["disposition"],
    ...(part.description ? { description: decodeWords(part.description) } : {}),
    ...(part.contentId ? { contentId: part.contentId } : {}),
    content,
    encoding: "base64",
  };
}

interface Bodies {
  text?: string;
  html?: string;
}

/** One text or HTML leaf, or an alternative of at most one of each; undefined for anything else. */
function bodiesOf(lines: Lines, part: Part, outer?: string): Bodies | undefined {
  if (isInlineText(part)) {
    const text = textOf(lines, part);
    if (text === undefined) return undefined;
    return part.type.value === "text/html" ? { html: text } : { text };
  }
  if (part.type.value !== "multipart/alternative") return undefined;
  // postal-mime tries the inner boundary first: boundaries that begin alike are left to it.
  const boundary = part.type.params.get("boundary") ?? "";
  if (outer !== undefined && (boundary.startsWith(outer) || outer.startsWith(boundary))) return undefined;
  const ranges = splitMultipart(lines, part);
  if (!ranges) return undefined;
  const bodies: Bodies = {};
  for (const [first, last] of ranges) {
    const child = readPart(lines, first, last);
    if (!child || !isInlineText(child)) return undefined;
    const kind = child.type.value === "text/html" ? "html" : "text";
    if (bodies[kind] !== undefined) return undefined;
    const text = textOf(lines, child);
    if (text === undefined) return undefined;
    bodies[kind] = text;
  }
  return bodies;
}

function addresses(headers: Header[], key: string): Address[] | undefined {
  const found: Address[] = [];
  for (const header of headers) if (header.key === key && header.value) found.push(...addressParser(header.value));
  return found.length > 0 ? found : undefined;
}

/** Reads a message of a common shape as postal-mime would; undefined when postal-mime must read it. */
export function parseCommonMime(raw: Uint8Array): ParsedMail | undefined {
  const lines = new Lines(raw);
  const root = readPart(lines, 0, lines.count);
  if (!root) return undefined;
  let bodies: Bodies | undefined;
  const attachments: Attachment[] = [];
  if (root.type.value === "multipart/mixed") {
    const ranges = splitMultipart(lines, root);
    if (!ranges) return undefined;
    for (const [index, [first, last]] of ranges.entries()) {
      const child = readPart(lines, first, last);
      if (!child) return undefined;
      if (index === 0 && (isInlineText(child) || child.type.value === "multipart/alternative")) {
        bodies = bodiesOf(lines, child, root.type.params.get("boundary"));
        if (!bodies) return undefined;
        continue;
      }
      if (isInlineText(child)) return undefined;
      const attachment = attachmentOf(lines, child);
      if (!attachment) return undefined;
      attachments.push(attachment);
    }
  } else {
    bodies = bodiesOf(lines, root);
    if (!bodies) return undefined;
  }
  const { headers } = root;
  const mail: ParsedMail = { headers, attachments };
  const from = headers.find((header) => header.key === "from");
  if (from?.value) {
    const [first] = addressParser(from.value);
    if (first) mail.from = first;
  }
  const to = addresses(headers, "to");
  if (to) mail.to = to;
  const cc = addresses(headers, "cc");
  if (cc) mail.cc = cc;
  const replyTo = addresses(headers, "reply-to");
  if (replyTo) mail.replyTo = replyTo;
  const subject = headers.find((header) => header.key === "subject");
  if (subject?.value) mail.subject = decodeWords(subject.value);
  if (bodies?.html) mail.html = bodies.html;
  if (bodies?.text) mail.text = bodies.text;
  return mail;
}
