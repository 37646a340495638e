import fc from "fast-check";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { parseCommonMime, type ParsedMail } from "./common-mime.js";
import { quotedPrintableText } from "./encoding.js";
import { buildMimeSource } from "./mime.js";
import type { OutgoingMessage } from "./types.js";

const crlf = (lines: string[]) => lines.join("\r\n");
const base64Of = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** What postal-mime gives, limited to what the common reader answers for. */
async function byPostalMime(raw: Uint8Array): Promise<ParsedMail> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: "base64" });
  const mail: ParsedMail = { headers: email.headers, attachments: email.attachments };
  for (const key of ["from", "to", "cc", "replyTo", "subject", "text", "html"] as const) if (email[key] !== undefined) Object.assign(mail, { [key]: email[key] });
  return mail;
}

const head = ["From: Shop <shop@example.com>", "To: Zoe <zoe@example.org>, b@example.org", "Subject: =?utf-8?Q?Caf=C3=A9?= order", "X-PM-Tag: receipts"];
const alternative = (boundary: string, text: string[], html: string[], encoding = "quoted-printable") => [
  `--${boundary}`,
  "Content-Type: text/plain; charset=utf-8",
  `Content-Transfer-Encoding: ${encoding}`,
  "",
  ...text,
  `--${boundary}`,
  "Content-Type: text/html; charset=UTF-8",
  `Content-Transfer-Encoding: ${encoding}`,
  "",
  ...html,
  `--${boundary}--`,
];

const sent: OutgoingMessage = {
  From: '"Shop, Inc." <shop@example.com>',
  To: "Zoë Ångström <zoe@example.org>",
  Subject: "Your order — n° 1042",
  TextBody: "Hello Zoë,\n" + "A long line ".repeat(20) + "\nBye = see you",
  HtmlBody: '<p>Hello Zoë, <a href="https://example.com/?a=1&b=2">track</a></p>',
  Tag: "shipping",
  Metadata: { order: "1042" },
  Headers: [{ Name: "X-Campaign", Value: "autumn" }],
};

// Each message, and whether the common reader takes it (otherwise postal-mime does).
const corpus: { name: string; source: string; common: boolean }[] = [
  { name: "one text part, no MIME headers", source: crlf([...head, "", "Hello,", "your code is 123456.", ""]), common: true },
  { name: "one HTML part, 8bit UTF-8", source: crlf([...head, "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", "<p>Zoë</p>", ""]), common: true },
  { name: "alternative, quoted-printable, soft breaks and escapes", source: crlf([...head, "MIME-Version: 1.0", 'Content-Type: multipart/alternative; boundary="--b1"', "", "preamble", ...alternative("--b1", ["Caf=C3=A9 =3D long=", " line, =ZZ kept ="], ['<a href=3D"https://x.example/?a=3D1">x</a>']), "epilogue", ""]), common: true },
  { name: "alternative in base64", source: crlf([...head, "Content-Type: multipart/alternative; boundary=abc", "", ...alternative("abc", [base64Of("Héllo\nthere")], [base64Of("<b>Héllo</b>")], "base64"), ""]), common: true },
  { name: "mixed: alternative and two attachments", source: crlf([...head, 'Content-Type: multipart/mixed; boundary="mix"', "", "--mix", 'Content-Type: multipart/alternative; boundary="alt"', "", ...alternative("alt", ["text"], ["<p>html</p>"]), "--mix", 'Content-Type: application/pdf; name="=?utf-8?Q?re=C3=A7u?=.pdf"', "Content-Transfer-Encoding: base64", 'Content-Disposition: attachment; filename="invoice.pdf"', "", "JVBERi0xLjQg", "ZmFrZQ==", "--mix", "Content-Type: text/csv", "Content-Disposition: attachment", "Content-ID: <c1>", "", "a,b", "1,2", "--mix--", ""]), common: true },
  { name: "mixed: text and a text file attached in quoted-printable", source: crlf([...head, "Content-Type: multipart/mixed; boundary=m", "", "--m", "Content-Type: text/plain", "", "see file", "--m", "Content-Type: text/plain; name=notes.txt", "Content-Disposition: attachment", "Content-Transfer-Encoding: quoted-printable", "", "caf=C3=A9", "--m--", ""]), common: true },
  { name: "LF line ends, folded headers and a header without a colon", source: [...head, "X-Long: one", "\ttwo", "Broken header", "Reply-To: a@example.com,", " b@example.com", "", "body"].join("\n"), common: true },
  { name: "an empty body", source: crlf([...head, "", ""]), common: true },
  { name: "no final line break", source: crlf([...head, "", "last line"]), common: true },
  { name: "boundary line with trailing blanks", source: crlf([...head, "Content-Type: multipart/alternative; boundary=q", "", "--q  ", "Content-Type: text/plain", "", "x", "--q-- ", ""]), common: true },
  { name: "US-ASCII charset", source: crlf([...head, "Content-Type: text/plain; charset=us-ascii", "", "plain", ""]), common: true },

  { name: "composed by buildMimeSource", source: buildMimeSource(sent, { messageId: "m1", date: new Date(0) }), common: true },
  { name: "composed with attachments", source: buildMimeSource({ ...sent, Attachments: [{ Name: "recu.txt", Content: base64Of("merci"), ContentType: "text/plain" }, { Name: "a.bin", Content: base64Of("\u0001\u0002"), ContentType: "application/octet-stream" }] }, { messageId: "m2", date: new Date(0) }), common: true },
  // Left to postal-mime:
  { name: "non-ASCII header bytes", source: crlf(["From: Zoë <zoe@example.org>", "", "x"]), common: false },
  { name: "ISO-8859-1 body", source: crlf([...head, "Content-Type: text/plain; charset=iso-8859-1", "", "caf\u00e9"]), common: false },
  { name: "flowed text", source: crlf([...head, "Content-Type: text/plain; format=flowed", "", "a ", "b"]), common: false },
  { name: "comment in Content-Type", source: crlf([...head, "Content-Type: text/plain (note); charset=utf-8", "", "x"]), common: false },
  { name: "RFC 2231 file name", source: crlf([...head, "Content-Type: multipart/mixed; boundary=m", "", "--m", "", "t", "--m", "Content-Type: application/pdf", "Content-Disposition: attachment; filename*=utf-8''re%C3%A7u.pdf", "", "x", "--m--"]), common: false },
  { name: "multipart/related", source: buildMimeSource({ ...sent, Attachments: [{ Name: "logo.png", Content: base64Of("png"), ContentType: "image/png", ContentID: "cid:logo" }] }, { messageId: "m3", date: new Date(0) }), common: false },
  { name: "unterminated multipart", source: crlf([...head, "Content-Type: multipart/alternative; boundary=u", "", "--u", "", "x", ""]), common: false },
  { name: "two inline text parts in mixed", source: crlf([...head, "Content-Type: multipart/mixed; boundary=m", "", "--m", "", "one", "--m", "Content-Type: text/html", "", "<p>two</p>", "--m--"]), common: false },
  { name: "nested message", source: crlf([...head, "Content-Type: multipart/mixed; boundary=m", "", "--m", "", "t", "--m", "Content-Type: message/rfc822", "", "Subject: inner", "", "hi", "--m--"]), common: false },
  { name: "base64 with junk", source: crlf([...head, "Content-Transfer-Encoding: base64", "", "aGk*", ""]), common: false },
  { name: "base64 padded inside", source: crlf([...head, "Content-Transfer-Encoding: base64", "", "aGk=", "aGk=", ""]), common: false },
  { name: "two Content-Type headers", source: crlf([...head, "Content-Type: text/html", "Content-Type: text/plain", "", "x"]), common: false },
  { name: "inner boundary begins like the outer", source: crlf([...head, "Content-Type: multipart/mixed; boundary=a", "", "--a", "Content-Type: multipart/alternative; boundary=a--", "", "--a--", "", "x", "--a----", "--a--"]), common: false },
  { name: "an empty Content-Type (an attachment of no type)", source: crlf([...head, "Content-Type:", "", "what am I", ""]), common: false },
  { name: "headers only", source: crlf([...head]), common: false },
];

describe("parseCommonMime", () => {
  it.each(corpus)("$name: read as postal-mime reads it, or left to it", async ({ source, common }) => {
    const raw = new TextEncoder().encode(source);
    const mail = parseCommonMime(raw);
    expect(mail !== undefined).toBe(common);
    if (mail) expect(mail).toEqual(await byPostalMime(raw));
  });

  it("reads any text and HTML body as postal-mime does", async () => {
    const body = fc.string({ unit: "grapheme", maxLength: 200 });
    const encoding = fc.constantFrom("quoted-printable", "base64", "8bit");
    await fc.assert(
      fc.asyncProperty(body, body, encoding, async (text, html, transfer) => {
        const encode = (value: string) =>
          transfer === "base64" ? [base64Of(value)] : transfer === "8bit" ? value.split(/\r?\n|\r/) : [quotedPrintableText(value)];
        const raw = new TextEncoder().encode(crlf([...head, 'Content-Type: multipart/alternative; boundary="=_p"', "", ...alternative("=_p", encode(text), encode(html), transfer), ""]));
        const mail = parseCommonMime(raw);
        if (mail) expect(mail).toEqual(await byPostalMime(raw));
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
