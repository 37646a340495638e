import fc from "fast-check";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { encodedWords, quotedPrintableText, rfc5322Date } from "./encoding.js";
import { buildMimeSource } from "./mime.js";
import type { OutgoingMessage } from "./types.js";

const messageId = "0a129aee-e1cd-480d-b08d-4f48548ff48d";
const date = new Date(Date.UTC(2026, 10, 30, 3, 38, 29));
const build = (message: OutgoingMessage) => buildMimeSource(message, { messageId, date });
const parse = (source: string) => PostalMime.parse(source);
const bytes = (text: string) => Array.from(new TextEncoder().encode(text));
const base64Of = (text: string) => btoa(String.fromCharCode(...bytes(text)));

const full: OutgoingMessage = {
  From: '"Shop, Inc." <shop@example.com>',
  To: "Zoë Ångström <zoe@example.org>, plain@example.org",
  Cc: "Carl <carl@example.org>",
  Bcc: "hidden@example.org",
  ReplyTo: "help@example.com",
  Subject: "Your order — n° 1042 is on its way, with a subject long enough to need more than one encoded word",
  TextBody: "Hello Zoë,\nyour order is on its way.\n\n" + "A long line ".repeat(20) + "\nBye = see you",
  HtmlBody: '<p>Hello Zoë,</p><img src="cid:logo.png">',
  Tag: "shipping",
  Metadata: { order: "1042", customer: "Zoë" },
  Headers: [{ Name: "X-Campaign", Value: "autumn" }],
  Attachments: [
    { Name: "invoice 1042.pdf", Content: base64Of("%PDF-1.4 fake"), ContentType: "application/pdf" },
    { Name: "logo.png", Content: base64Of("\x89PNG fake"), ContentType: "image/png", ContentID: "cid:logo.png" },
    { Name: "reçu.txt", Content: base64Of("merci"), ContentType: "text/plain" },
  ],
};

describe("buildMimeSource", () => {
  it("round-trips headers, bodies and attachments through a MIME parser", async () => {
    const email = await parse(build(full));
    expect(email.from).toEqual({ name: "Shop, Inc.", address: "shop@example.com" });
    expect(email.to).toEqual([
      { name: "Zoë Ångström", address: "zoe@example.org" },
      { name: "", address: "plain@example.org" },
    ]);
    expect(email.cc).toEqual([{ name: "Carl", address: "carl@example.org" }]);
    expect(email.bcc).toBeUndefined();
    expect(email.replyTo).toEqual([{ name: "", address: "help@example.com" }]);
    expect(email.subject).toBe(full.Subject);
    expect(email.messageId).toBe(`<${messageId}@mtasv.net>`);
    expect(new Date(email.date ?? "").toISOString()).toBe(date.toISOString());
    expect(email.text?.replace(/\r\n/g, "\n").trimEnd()).toBe(full.TextBody);
    expect(email.html?.trimEnd()).toBe(full.HtmlBody);

    const header = (key: string) => email.headers.find((h) => h.key === key)?.value;
    expect(header("x-pm-message-id")).toBe(messageId);
    expect(header("x-pm-tag")).toBe("shipping");
    expect(header("x-pm-metadata-order")).toBe("1042");
    expect(header("x-pm-metadata-customer")).toBe("=?UTF-8?B?Wm/Dqw==?=");
    expect(header("x-campaign")).toBe("autumn");
    expect(header("mime-version")).toBe("1.0");

    const files = email.attachments.map((a) => ({
      filename: a.filename,
      mimeType: a.mimeType,
      disposition: a.disposition,
      contentId: a.contentId,
      related: a.related ?? false,
      content: Array.from(new Uint8Array(a.content as ArrayBuffer)),
    }));
    expect(files).toEqual([
      { filename: "logo.png", mimeType: "image/png", disposition: "inline", contentId: "<logo.png>", related: true, content: bytes("\x89PNG fake") },
      { filename: "invoice 1042.pdf", mimeType: "application/pdf", disposition: "attachment", contentId: undefined, related: false, content: bytes("%PDF-1.4 fake") },
      { filename: "reçu.txt", mimeType: "text/plain", disposition: "attachment", contentId: undefined, related: false, content: bytes("merci") },
    ]);
  });

  it("writes CRLF line ends only, lines within 998 characters and encoded words within 75", () => {
    const source = build(full);
    expect(source.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of source.split("\r\n")) expect(line.length).toBeLessThanOrEqual(998);
    for (const word of source.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? []) expect(word.length).toBeLessThanOrEqual(75);
    expect(source).not.toMatch(/hidden@example\.org/);
  });

  it.each<[string, Partial<OutgoingMessage>, string]>([
    ["text only", { HtmlBody: undefined }, "text/plain"],
    ["HTML only", { TextBody: undefined }, "text/html"],
    ["text and HTML", {}, "multipart/alternative"],
    ["an inline image", { Attachments: [{ Name: "a.png", Content: "aGk=", ContentType: "image/png", ContentID: "a" }] }, "multipart/related"],
    ["a file", { Attachments: [{ Name: "a.txt", Content: "aGk=", ContentType: "text/plain" }] }, "multipart/mixed"],
  ])("uses the right top-level type for %s", (_, fields, type) => {
    const source = build({ From: "a@example.com", To: "b@example.com", Subject: "Hi", TextBody: "t", HtmlBody: "<p>h</p>", ...fields });
    expect(source).toMatch(new RegExp(`^Content-Type: ${type}[;\\r]`, "m"));
    const headerBlock = source.slice(0, source.indexOf("\r\n\r\n"));
    expect(headerBlock.match(/^Content-Type:/gm)).toHaveLength(1);
  });

  it("turns line breaks in header text into spaces", () => {
    const source = build({ From: "a@example.com", To: "b@example.com", Subject: "Hi\r\nBcc: x@example.com", TextBody: "t", Tag: "a\nb" });
    expect(source).toContain("\r\nSubject: Hi Bcc: x@example.com\r\n");
    expect(source).toContain("\r\nX-PM-Tag: a b\r\n");
  });

  it("keeps a plain ASCII subject readable and lets a custom Message-ID replace the generated one", async () => {
    const source = build({
      From: "a@example.com",
      To: "b@example.com",
      Subject: "Plain subject",
      TextBody: "t",
      Headers: [{ Name: "Message-ID", Value: "<custom-1@example.com>" }, { Name: "Bcc", Value: "sneaky@example.com" }],
    });
    expect(source).toContain("\r\nSubject: Plain subject\r\n");
    expect(source.match(/^Message-ID:/gim)).toHaveLength(1);
    expect(source).not.toContain("sneaky@example.com");
    expect((await parse(source)).messageId).toBe("<custom-1@example.com>");
  });

  it("headers appear in a stable order ending with MIME-Version and Content-Type", () => {
    const names = build(full).split("\r\n\r\n")[0]?.split("\r\n").filter((l) => !l.startsWith(" ")).map((l) => l.slice(0, l.indexOf(":")));
    expect(names).toEqual([
      "From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "X-PM-Message-Id", "X-PM-Tag",
      "X-PM-Metadata-order", "X-PM-Metadata-customer", "X-Campaign", "MIME-Version", "Content-Type",
    ]);
  });
});

describe("encoders", () => {
  it.each([
    ["Mon, 30 Nov 2026 03:38:29 +0000", date],
    ["Thu, 01 Jan 1970 00:00:00 +0000", new Date(0)],
  ])("formats %s", (text, when) => {
    expect(rfc5322Date(when)).toBe(text);
  });

  it.each([
    ["plain", "plain"],
    ["a=b", "a=3Db"],
    ["é", "=C3=A9"],
    ["line one\nline two", "line one\r\nline two"],
    ["trailing space ", "trailing space=20"],
    ["tab\tinside", "tab\tinside"],
    ["", ""],
    ["a\n\nb", "a\r\n\r\nb"],
    ["x".repeat(80), `${"x".repeat(75)}=\r\n${"x".repeat(5)}`],
    ["é".repeat(30), `${"=C3=A9".repeat(12)}=C3=\r\n=A9${"=C3=A9".repeat(12)}=\r\n${"=C3=A9".repeat(5)}`],
  ])("quoted-printable of %j", (text, encoded) => {
    expect(quotedPrintableText(text)).toBe(encoded);
  });

  it("keeps every quoted-printable line within 76 characters and decodes back", () => {
    const text = "Grüße, " + "mot très long ".repeat(30) + "= fin ";
    const encoded = quotedPrintableText(text);
    for (const line of encoded.split("\r\n")) expect(line.length).toBeLessThanOrEqual(76);
    const binary = encoded.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    expect(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))).toBe(text);
  });

  it("never splits a character across encoded words", () => {
    const words = encodedWords("é".repeat(40)).split("\r\n ");
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      const decoded = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(word.slice(10, -2)), (c) => c.charCodeAt(0)));
      expect(decoded).toMatch(/^é+$/);
    }
  });
});

describe("buildMimeSource, for any text", () => {
  // Any Unicode text (lone surrogates excluded: they are not encodable) in the fields that get encoded.
  const text = fc.string({ unit: "grapheme", maxLength: 300 });
  const name = fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 40 }).filter((n) => n.trim() === n && !/[<>"\\]/.test(n));

  it("round-trips subject, bodies, display names and metadata", async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, name, text, async (subject, body, html, displayName, value) => {
        const source = build({
          From: "a@example.com",
          To: `"${displayName}" <to@example.org>`,
          Subject: subject,
          TextBody: body || "x",
          HtmlBody: html || "<p>x</p>",
          Metadata: { key: value },
        });
        for (const line of source.split("\r\n")) expect(line.length).toBeLessThanOrEqual(998);
        const email = await parse(source);
        expect((email.subject ?? "").trim()).toBe(subject.replace(/\r\n|\r|\n/g, " ").trim());
        // The parser ends a text part with the line break that precedes its boundary.
        const content = (value?: string) => value?.replace(/\r\n/g, "\n").replace(/\n$/, "");
        expect(content(email.text)).toBe((body || "x").replace(/\r\n|\r/g, "\n"));
        expect(content(email.html)).toBe((html || "<p>x</p>").replace(/\r\n|\r/g, "\n"));
        expect(email.headers.find((h) => h.key === "x-pm-metadata-key")).toBeDefined();
        // Runs of white space in a phrase are one space to RFC 5322 readers.
        expect(email.to?.[0]?.address).toBe("to@example.org");
        expect(email.to?.[0]?.name.replace(/\s+/g, " ")).toBe(displayName.replace(/\s+/g, " "));
      }),
      { numRuns: 150 },
    );
  });
});

describe("quoted-printable, against the straightforward encoder", () => {
  // The encoder as first written: every byte a token, then soft breaks between tokens. The one in
  // encoding.ts walks the text once; both must give the same text for any input.
  function reference(text: string): string {
    const hex = (byte: number) => `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    const line = (input: string): string => {
      const bytes = new TextEncoder().encode(input);
      const tokens = Array.from(bytes, (byte, i) =>
        (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && i !== bytes.length - 1) ? String.fromCharCode(byte) : hex(byte),
      );
      const lines: string[] = [];
      let current = "";
      for (const token of tokens) {
        if (current.length + token.length > 75) {
          lines.push(`${current}=`);
          current = "";
        }
        current += token;
      }
      lines.push(current);
      return lines.join("\r\n");
    };
    return text.replace(/\r\n|\r|\n/g, "\r\n").split("\r\n").map(line).join("\r\n");
  }

  const pieces = ["a", "Z", " ", "  ", "\t", "=", "é", "😀", "\ud800", "\r", "\n", "\r\n", "\u0000", "\u007f", "~", "x".repeat(70)];
  it.each([
    ["printable ASCII", fc.string({ unit: "grapheme-ascii", maxLength: 400 })],
    ["any Unicode", fc.string({ unit: "binary", maxLength: 400 })],
    ["the awkward pieces", fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(""))],
  ])("gives the same text for %s", (_, texts) => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(quotedPrintableText(text)).toBe(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
