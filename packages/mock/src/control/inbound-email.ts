// An inbound email injected through the mock API: given as fields, or as a raw RFC 5322 message
// parsed into the fields of Postmark's inbound payload. Receiving it (rules, storage, webhook) is
// the emulator's job.
import PostalMime, { type Address, type Email } from "postal-mime";
import { mailboxHash, type InboundInit } from "../core/receiving.js";
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import { decodeBase64 } from "../core/mail/encoding.js";
import type { MockApiSchemas } from "./types.js";

type InboundEmail = MockApiSchemas["InboundEmail"];

const fieldNames = ["From", "To", "Cc", "Subject", "TextBody", "HtmlBody", "Headers", "Attachments"] as const;

/** The inbound payload's fields for an injected email; `To` defaults to the server's inbound address. */
export async function inboundInit(email: InboundEmail, inboundAddress: string): Promise<InboundInit> {
  if (email.Raw !== undefined) {
    const mixed = fieldNames.filter((name) => email[name] !== undefined);
    if (mixed.length > 0) throw new PostmarkError(422, errorCodes.invalidFields, `Give either Raw or the fields, not both (this request also has ${mixed.join(", ")}).`);
    return withHash(await parseRaw(email.Raw, inboundAddress), email.MailboxHash);
  }
  if (!email.From?.trim()) throw new PostmarkError(422, errorCodes.invalidFields, "Give the email's From (or its whole source in Raw).");
  return withHash(
    {
      From: email.From,
      To: email.To?.trim() ? email.To : inboundAddress,
      ...(email.Cc ? { Cc: email.Cc } : {}),
      Subject: email.Subject ?? "",
      TextBody: email.TextBody ?? "",
      HtmlBody: email.HtmlBody ?? "",
      ...(email.Headers ? { Headers: email.Headers } : {}),
      Attachments: (email.Attachments ?? []).map((file) => ({ Name: file.Name, Content: file.Content, ContentType: file.ContentType, ContentLength: decodeBase64(file.Content).length })),
    },
    email.MailboxHash,
  );
}

function withHash(init: InboundInit, mailboxHash: string | undefined): InboundInit {
  return mailboxHash === undefined ? init : { ...init, MailboxHash: mailboxHash };
}

async function parseRaw(raw: string, inboundAddress: string): Promise<InboundInit> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: "base64" });
  } catch (error) {
    throw new PostmarkError(422, errorCodes.invalidFields, `Raw is not a readable RFC 5322 message: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const from = email.from ? mailboxes([email.from])[0] : undefined;
  if (!from) throw new PostmarkError(422, errorCodes.invalidFields, "The raw message has no From header.");
  const header = (name: string) => email.headers.find((entry) => entry.key === name)?.value;
  const to = header("to") ?? "";
  const replyTo = header("reply-to");
  const cc = header("cc");
  return {
    From: header("from") ?? from.Email,
    FromName: from.Name,
    To: to.trim() ? to : inboundAddress,
    ToFull: mailboxes(email.to ?? []).map((entry) => ({ ...entry, MailboxHash: mailboxHash(entry.Email) })),
    ...(cc ? { Cc: cc, CcFull: mailboxes(email.cc ?? []).map((entry) => ({ ...entry, MailboxHash: mailboxHash(entry.Email) })) } : {}),
    ...(replyTo ? { ReplyTo: replyTo } : {}),
    Subject: email.subject ?? "",
    ...(email.date ? { Date: header("date") ?? email.date } : {}),
    TextBody: email.text ?? "",
    HtmlBody: email.html ?? "",
    Headers: email.headers
      .filter((entry) => !["from", "to", "cc", "subject", "date", "reply-to"].includes(entry.key))
      .map((entry) => ({ Name: entry.originalKey, Value: entry.value })),
    Attachments: email.attachments.map((file, index) => {
      const content = typeof file.content === "string" ? file.content : "";
      return {
        Name: file.filename ?? `attachment-${index + 1}`,
        Content: content,
        ContentType: file.mimeType,
        ContentLength: decodeBase64(content).length,
        ...(file.contentId ? { ContentID: file.contentId.replace(/^<|>$/g, "") } : {}),
      };
    }),
  };
}

function mailboxes(addresses: Address[]): { Email: string; Name: string }[] {
  return addresses.flatMap((address) => (address.group ? address.group : [address])).map((mailbox) => ({ Email: mailbox.address, Name: mailbox.name }));
}
