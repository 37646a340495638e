// A new sender signature starts unconfirmed, as on a new Postmark account: Postmark emails the
// address a link, and the signature is confirmed once the link is followed. The local Postmark
// keeps that email with the sent messages in the account's own mailbox (server ID 0, which no
// server has, so no search of a server through Postmark's API sees it), where the inbox page and
// the mock API list it. The link leads to the mock API and carries the email's MessageID, a
// random UUID: only who can read the email can follow it.
import { buildMimeSource } from "./mail/index.js";
import type { OutboundRecord } from "./store/collections.js";
import { findStoredMessage } from "./sent-messages.js";
import type { Schemas } from "./types.js";
import type { Work } from "./work.js";

/** The server ID under which mail Postmark sends to the account itself is kept. */
export const accountMailbox = 0;

/** What the inbox page calls the account's mailbox. */
export const accountMailboxName = "Postmark account";

/** The mock API path that confirms the signature of a confirmation email. */
export function confirmationPath(messageId: string): string {
  return `/__mock/api/sender-signatures/confirm/${messageId}`;
}

const sender = "Postmark Support <support@postmarkapp.com>";

/** Sends the confirmation email of a signature to its address. */
export async function sendSignatureConfirmation(work: Work, signature: Pick<Schemas["SenderSignatureDetails"], "ID" | "EmailAddress" | "Name" | "ConfirmationPersonalNote">): Promise<void> {
  const messageId = work.uuid();
  const link = confirmationPath(messageId);
  const note = signature.ConfirmationPersonalNote ? `\n\nA note from the account: ${signature.ConfirmationPersonalNote}` : "";
  const message = {
    From: sender,
    To: signature.EmailAddress,
    Subject: `Confirm your sender signature ${signature.EmailAddress}`,
    TextBody: `Hi ${signature.Name},\n\nConfirm that ${signature.EmailAddress} may send through Postmark by opening this link on the local Postmark:\n${link}${note}`,
    HtmlBody: `<p>Hi ${escapeHtml(signature.Name)},</p><p>Confirm that ${escapeHtml(signature.EmailAddress)} may send through Postmark.</p><p><a href="${link}">Confirm sender signature</a></p>${note ? `<p>${escapeHtml(note.trim())}</p>` : ""}`,
    Metadata: { SenderSignatureID: String(signature.ID) },
  };
  const record: OutboundRecord = {
    serverId: accountMailbox,
    details: {
      Tag: "sender-signature-confirmation",
      MessageID: messageId,
      MessageStream: "outbound",
      To: [{ Email: signature.EmailAddress, Name: signature.Name }],
      Cc: [],
      Bcc: [],
      Recipients: [signature.EmailAddress],
      ReceivedAt: work.timestamp,
      From: sender,
      Subject: message.Subject,
      Attachments: [],
      Status: "Sent",
      TrackOpens: false,
      TrackLinks: "None",
      Metadata: message.Metadata,
      Sandboxed: false,
      TextBody: message.TextBody,
      HtmlBody: message.HtmlBody,
      Body: buildMimeSource(message, { messageId, date: work.now }),
    },
    attachments: [],
    at: work.now.getTime(),
  };
  await work.tx.outbound.put(record);
  work.notify({ type: "sent", serverId: accountMailbox, messageId });
}

/** Follows the link of a confirmation email: the signature's address once confirmed, or undefined when the link names none. */
export async function confirmSignature(work: Work, messageId: string): Promise<string | undefined> {
  const email = await findStoredMessage(work.tx, messageId, accountMailbox);
  const id = Number(email?.details.Metadata?.["SenderSignatureID"]);
  const signature = Number.isSafeInteger(id) ? await work.tx.senders.get(id) : undefined;
  if (!signature) return undefined;
  if (!signature.Confirmed) await work.tx.senders.put({ ...signature, Confirmed: true });
  return signature.EmailAddress;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
