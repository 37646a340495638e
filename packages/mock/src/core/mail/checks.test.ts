import { describe, expect, it } from "vitest";
import { attachmentExtension, checkMessage, checkRecipients, isBase64 } from "./checks.js";
import { forbiddenExtensions, limits } from "./limits.js";
import type { OutgoingMessage } from "./types.js";

const base: OutgoingMessage = { From: "sender@example.com", To: "to@example.com", Subject: "Hi", TextBody: "Hello" };
const send = (fields: Partial<OutgoingMessage>): OutgoingMessage => ({ ...base, ...fields });
const list = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`).join(", ");
const e300 = (message: string) => ({ status: 422, errorCode: 300, message });
const attachment = (fields: Partial<NonNullable<OutgoingMessage["Attachments"]>[number]>) => ({
  Name: "a.txt",
  Content: "aGVsbG8=",
  ContentType: "text/plain",
  ...fields,
});
// "𝄞" is one code point and two UTF-16 code units: limits count code units.
const clef = "𝄞";

describe("checkMessage accepts", () => {
  it.each<[string, Partial<OutgoingMessage>, "email" | "template"]>([
    ["a plain message", {}, "email"],
    ["an HTML body alone", { TextBody: undefined, HtmlBody: "<b>Hi</b>" }, "email"],
    ["50 recipients across To, Cc and Bcc", { To: list(30, "t"), Cc: list(10, "c"), Bcc: list(10, "b") }, "email"],
    ["recipients in Cc only", { To: undefined, Cc: "c@example.com" }, "email"],
    ["a Subject of 2000 code units", { Subject: clef.repeat(1000) }, "email"],
    ["a Tag of 1000 characters", { Tag: "t".repeat(1000) }, "email"],
    ["a From of 255 code units", { From: `${"n".repeat(239)} <s@example.com>` }, "email"],
    ["10 metadata fields at their limits", { Metadata: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`.padEnd(20, "x"), "v".repeat(80)])) }, "email"],
    ["a template send without bodies", { TextBody: undefined, Subject: undefined }, "template"],
    ["an inline image", { Attachments: [attachment({ Name: "logo.png", ContentType: "image/png", ContentID: "cid:logo" })] }, "email"],
    ["base64 folded over lines", { Attachments: [attachment({ Content: "aGVs\r\nbG8=" })] }, "email"],
    ["an attachment without extension", { Attachments: [attachment({ Name: "README" })] }, "email"],
    ["custom headers", { Headers: [{ Name: "X-Campaign", Value: "spring" }] }, "email"],
  ])("%s", (_, fields, kind) => {
    expect(checkMessage(send(fields), { kind })).toBeUndefined();
  });
});

describe("checkMessage refuses", () => {
  const over10MB = "A".repeat(limits.messageBytes + 4);
  it.each<[string, Partial<OutgoingMessage>, { status: number; errorCode: number; message: string }]>([
    ["an absent From", { From: undefined as unknown as string }, e300("Invalid 'From' value.")],
    ["a blank From", { From: "  " }, e300("Invalid 'From' value.")],
    ["a From without '@'", { From: "sender" }, e300("Error parsing 'From': Illegal email address 'sender'. It must contain the '@' symbol.")],
    ["two From addresses", { From: "a@example.com, b@example.com" }, e300("Invalid 'From' address: 'a@example.com, b@example.com'.")],
    ["a From over 255 code units", { From: `${"n".repeat(240)} <s@example.com>` }, e300("The 'From' field is limited to 255 characters.")],
    ["no recipients", { To: undefined }, e300("Zero recipients specified")],
    ["only empty recipient fields", { To: " , ", Cc: "" }, e300("Zero recipients specified")],
    ["51 recipients", { To: list(30, "t"), Cc: list(10, "c"), Bcc: list(11, "b") }, e300("Maximum of 50 recipients allowed per email message.")],
    ["a bad To", { To: "johne.xample.com" }, e300("Error parsing 'To': Illegal email address 'johne.xample.com'. It must contain the '@' symbol.")],
    ["a bad Bcc", { Bcc: "user@+" }, e300("Error parsing 'Bcc': Illegal email domain '+' in address 'user@+'.")],
    ["a bad Reply-To", { ReplyTo: "invalid@+" }, e300("Error parsing 'Reply-To': Illegal email domain '+' in address 'invalid@+'.")],
    ["no body", { TextBody: undefined }, e300("Provide either email TextBody or HtmlBody or both.")],
    ["empty bodies", { TextBody: "", HtmlBody: "" }, e300("Provide either email TextBody or HtmlBody or both.")],
    ["a body over 5 MB", { HtmlBody: "é".repeat(limits.bodyBytes / 2 + 1) }, e300("The 'HtmlBody' field is limited to 5 MB.")],
    ["a Subject over 2000 code units", { Subject: clef.repeat(1000) + "x" }, e300("The 'Subject' field is limited to 2000 characters.")],
    ["a Tag over 1000 characters", { Tag: "t".repeat(1001) }, e300("The 'Tag' field is limited to 1000 characters.")],
    ["11 metadata fields", { Metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])) }, e300("Invalid metadata content. A message may carry at most 10 metadata fields.")],
    [
      "a metadata key over 20 characters",
      { Metadata: { workspaceOccupantType: "x" } },
      e300("Invalid metadata content. Field names are limited to 20 characters and field values are limited to 80 characters in length. The 'workspaceOccupantType' field in your metadata content exceeds these limits."),
    ],
    [
      "a metadata value over 80 characters",
      { Metadata: { note: "v".repeat(81) } },
      e300("Invalid metadata content. Field names are limited to 20 characters and field values are limited to 80 characters in length. The 'note' field in your metadata content exceeds these limits."),
    ],
    ["metadata keys equal without case", { Metadata: { a_key: "1", A_Key: "2" } }, e300("Invalid metadata content. The field name 'A_Key' is used more than once, without regard to case.")],
    ["a header name with a colon", { Headers: [{ Name: "X-Bad:", Value: "v" }] }, e300("Invalid header name: 'X-Bad:'.")],
    ["a header value with a line break", { Headers: [{ Name: "X-Inject", Value: "a\r\nBcc: x@example.com" }] }, e300("Invalid value for header 'X-Inject'.")],
    ["attachment content that is not base64", { Attachments: [attachment({}), attachment({ Content: "not base64!" })] }, { status: 422, errorCode: 403, message: "Invalid request field(s): $.Attachments[1].Content" }],
    ["a forbidden extension, in any case", { Attachments: [attachment({ Name: "setup.EXE" })] }, { status: 422, errorCode: 411, message: "Forbidden attachment type: 'setup.EXE'." }],
    ["a file name as ContentType", { Attachments: [attachment({ ContentType: "readme (1).txt" })] }, e300("Invalid ContentType 'readme (1).txt' for attachment 'a.txt'.")],
    ["a ContentID with spaces", { Attachments: [attachment({ ContentID: "readme (1).txt" })] }, e300("Invalid ContentID 'readme (1).txt' for attachment 'a.txt'.")],
    ["a message over 10 MB", { Attachments: [attachment({ Content: over10MB })] }, { status: 413, errorCode: 300, message: "The request body is too large. A single message may be at most 10 MB." }],
    // "é" is two bytes in UTF-8: the body is counted in bytes, not in characters.
    ["a text body over 10 MB in UTF-8, under it in characters", { TextBody: "é".repeat(limits.messageBytes / 2 + 1) }, { status: 413, errorCode: 300, message: "The request body is too large. A single message may be at most 10 MB." }],
  ])("%s", (_, fields, error) => {
    expect(checkMessage(send(fields), { kind: "email" })).toEqual(error);
  });

  it("takes bodies under 10 MB in UTF-8 though three bytes a character would be over it", () => {
    // Each body just under its own limit in bytes (two a character), both together under 10 MB.
    const body = "é".repeat(limits.bodyBytes / 2 - 1);
    expect(3 * 2 * body.length).toBeGreaterThan(limits.messageBytes);
    expect(checkMessage(send({ TextBody: body, HtmlBody: body }), { kind: "email" })).toBeUndefined();
  });

  it.each([...forbiddenExtensions])("refuses .%s attachments with 411", (extension) => {
    expect(checkMessage(send({ Attachments: [attachment({ Name: `file.${extension}` })] }), { kind: "email" })?.errorCode).toBe(411);
  });
});

describe("rule order", () => {
  it.each<[string, Partial<OutgoingMessage>, number, number, string]>([
    ["size before everything", { From: "", Attachments: [attachment({ Content: "A".repeat(limits.messageBytes + 4) })] }, 413, 300, "The request body"],
    ["field binding before the sender", { From: "", Attachments: [attachment({ Content: "!" })] }, 422, 403, "Invalid request field(s)"],
    ["the sender before recipients", { From: "bad", To: undefined }, 422, 300, "Error parsing 'From'"],
    ["recipients before the body", { To: undefined, TextBody: undefined }, 422, 300, "Zero recipients"],
    ["To before Cc", { To: "x", Cc: "y" }, 422, 300, "Error parsing 'To'"],
    ["the body before metadata", { TextBody: undefined, Metadata: { k: "v".repeat(81) } }, 422, 300, "Provide either"],
    ["metadata before attachment types", { Metadata: { k: "v".repeat(81) }, Attachments: [attachment({ Name: "a.exe" })] }, 422, 300, "Invalid metadata"],
  ])("%s", (_, fields, status, errorCode, prefix) => {
    const error = checkMessage(send(fields), { kind: "email" });
    expect(error?.status).toBe(status);
    expect(error?.errorCode).toBe(errorCode);
    expect(error?.message.startsWith(prefix)).toBe(true);
  });
});

describe("helpers", () => {
  it("checkRecipients returns the parsed fields", () => {
    expect(checkRecipients(send({ To: "A <a@example.com>", Cc: "c@example.com" }))).toEqual({
      To: [{ name: "A", email: "a@example.com" }],
      Cc: [{ email: "c@example.com" }],
      Bcc: [],
    });
  });

  it.each([
    ["aGVsbG8=", true],
    ["aGVsbA==", true],
    ["aGVs", true],
    ["", true],
    ["aGVsbG8", false],
    ["aGV=bG8=", false],
    ["aGVs*G8=", false],
    ["aGVsbG8=\r\naGVs", false],
    ["aGVs\r\nbG8g\r\n", true],
    ["aG==", true],
    ["a===", false],
    ["aGVsb===", false],
  ])("isBase64(%j) is %s", (content, valid) => {
    expect(isBase64(content)).toBe(valid);
  });

  it("checks base64 of 10 MB, folded or not, without running out of stack", () => {
    const content = Buffer.alloc(7_500_000, 7).toString("base64");
    expect(isBase64(content)).toBe(true);
    expect(isBase64(content.replace(/(.{76})/g, "$1\r\n"))).toBe(true);
    expect(isBase64(`${content}*`)).toBe(false);
  });

  it.each([
    ["report.PDF", "pdf"],
    ["archive.tar.gz", "gz"],
    ["README", ""],
    ["trailing.exe ", "exe"],
  ])("attachmentExtension(%j) is %j", (name, extension) => {
    expect(attachmentExtension(name)).toBe(extension);
  });
});
