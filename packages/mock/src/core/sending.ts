// Accepting one message, as every send operation does: Postmark's rules, the stream, the sender,
// inactive recipients, then storage, delivery and bounce-testing addresses. The test token runs
// every check and keeps nothing.
import { PostmarkError } from "../protocol/errors.js";
import { checkMessageRecipients, isRuleError, bounceTestingType, type BounceType, type Mailbox, type OutgoingMessage, type RuleError } from "./mail/index.js";
import { recordBounce, recordDelivery } from "./outcomes.js";
import { forgetMessages, storeWithSendEvents } from "./sent-messages.js";
import { senderAllowed } from "./senders.js";
import { sourceFieldsOf, withBuiltSource, withSourceOnDemand } from "./outbound-source.js";
import type { OutboundRecord } from "./store/collections.js";
import { streamForSending } from "./streams.js";
import { isSuppressed } from "./suppression-list.js";
import type { Schemas } from "./types.js";
import type { Work } from "./work.js";

export type SendResult = Schemas["SendEmailResponse"];

/** A kept message (with the recipients it skipped as inactive), or the refusal. */
export type SendOutcome = { ok: true; result: SendResult; inactive: Mailbox[] } | { ok: false; error: RuleError };

export interface SendOptions {
  /** "template": subject and bodies came from a template, rendered before this call */
  kind: "email" | "template";
  /** every recipient bounces with this type instead of receiving the message */
  bounceAs?: BounceType;
  /** the call uses the test token: every check runs, nothing is kept */
  test?: boolean;
  /** the message's own source, kept for its dump instead of one built from its fields (a message that came over SMTP) */
  source?: (messageId: string) => string;
}

/** Postmark's refusal (ErrorCode 406) of a message whose recipients are inactive, naming them. */
export function inactiveRefusal(inactive: Mailbox[]): RuleError {
  return {
    status: 422,
    errorCode: 406,
    message: `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${inactive.map((mailbox) => mailbox.email).join(", ")}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.`,
  };
}

const refuse = (status: number, errorCode: number, message: string): SendOutcome => ({ ok: false, error: { status, errorCode, message } });

/** Applies every rule to one message and, when it passes, stores and delivers it. */
export async function sendMessage(work: Work, serverId: number, message: OutgoingMessage, options: SendOptions): Promise<SendOutcome> {
  const recipients = checkMessageRecipients(message, { kind: options.kind });
  if (isRuleError(recipients)) return { ok: false, error: recipients };
  const streamId = message.MessageStream ?? "outbound";
  try {
    await streamForSending(work.tx, serverId, streamId);
  } catch (error) {
    if (error instanceof PostmarkError) return refuse(error.status, error.errorCode, error.message);
    throw error;
  }
  if (work.settings.strictSenders && !options.test) {
    const sender = await senderAllowed(work.tx, message.From);
    if (!sender.ok) return refuse(422, sender.errorCode, sender.message);
  }
  const everyone = [...recipients.To, ...recipients.Cc, ...recipients.Bcc];
  const inactive: Mailbox[] = [];
  for (const mailbox of everyone) if (await isSuppressed(work.tx, serverId, streamId, mailbox.email)) inactive.push(mailbox);
  if (inactive.length === everyone.length) return { ok: false, error: inactiveRefusal(inactive) };
  const messageId = work.uuid();
  const result: SendResult = {
    To: message.To ?? "",
    ...(message.Cc ? { Cc: message.Cc } : {}),
    ...(message.Bcc ? { Bcc: message.Bcc } : {}),
    SubmittedAt: work.timestamp,
    MessageID: messageId,
    ErrorCode: 0,
    Message: inactive.length > 0 ? `Message OK, but will not deliver to these inactive addresses: ${inactive.map((mailbox) => mailbox.email).join(", ")}` : "OK",
  };
  if (options.test) return { ok: true, result: { ...result, Message: "Test job accepted" }, inactive };

  const server = await work.tx.servers.get(serverId);
  const active = everyone.filter((mailbox) => !inactive.includes(mailbox));
  await storeMessage(work, serverId, server?.server, message, recipients, messageId, options.source?.(messageId), (record) => deliver(work, record, active, message, options.bounceAs));
  return { ok: true, result, inactive };
}

/**
 * Stores a message with its recipients; `rawSource` is its own raw source (an SMTP message), when
 * it has one. `send` records what happens to it at once (deliveries, bounces): its events are kept
 * in the message's record.
 */
export async function storeMessage(
  work: Work,
  serverId: number,
  server: Schemas["Server"] | undefined,
  message: OutgoingMessage,
  recipients: Record<"To" | "Cc" | "Bcc", Mailbox[]>,
  messageId: string,
  rawSource: string | undefined,
  send: (record: OutboundRecord) => Promise<void>,
): Promise<OutboundRecord> {
  const asRecipients = (mailboxes: Mailbox[]): Schemas["EmailRecipient"][] => mailboxes.map((mailbox) => ({ Email: mailbox.email, Name: mailbox.name ?? null }));
  const record: OutboundRecord = {
    serverId,
    details: {
      Tag: message.Tag ?? null,
      MessageID: messageId,
      MessageStream: message.MessageStream ?? "outbound",
      To: asRecipients(recipients.To),
      Cc: asRecipients(recipients.Cc),
      Bcc: asRecipients(recipients.Bcc),
      Recipients: [...recipients.To, ...recipients.Cc, ...recipients.Bcc].map((mailbox) => mailbox.email),
      ReceivedAt: work.timestamp,
      From: message.From,
      Subject: message.Subject ?? "",
      Attachments: (message.Attachments ?? []).map((attachment) => attachment.Name),
      Status: "Sent",
      TrackOpens: Boolean(server?.TrackOpens) || message.TrackOpens === true,
      TrackLinks: message.TrackLinks ?? server?.TrackLinks ?? "None",
      Metadata: message.Metadata ?? {},
      Sandboxed: server?.DeliveryType === "Sandbox",
      TextBody: message.TextBody ?? null,
      HtmlBody: message.HtmlBody ?? null,
    },
    attachments: (message.Attachments ?? []).map(({ Name, Content, ContentType, ContentID }) => ({ Name, Content, ContentType, ...(ContentID ? { ContentID } : {}) })),
    at: work.now.getTime(),
  };
  // Most sent messages are never dumped: the raw source is built, from the record, the first time it is read.
  if (rawSource === undefined) withBuiltSource(Object.assign(record, { source: sourceFieldsOf(message) }));
  else withSourceOnDemand(record.details, () => rawSource);
  // Notices wait for the unit to be kept: "sent" still comes before what its send set off.
  work.notify({ type: "sent", serverId, messageId });
  await storeWithSendEvents(work.tx, record, () => send(record));
  await keepWithinLimit(work, serverId);
  return record;
}

/** A long run keeps memory bounded: past the limit, a server's oldest messages go first. */
async function keepWithinLimit(work: Work, serverId: number): Promise<void> {
  const excess = (await work.tx.outbound.count({ scope: serverId })) - work.settings.maxMessagesPerServer;
  if (excess <= 0) return;
  await forgetMessages(work.tx, { scope: serverId, order: "oldest", limit: excess });
}

/** Each active recipient either gets the message (a Delivered event) or, at a bounce-testing address, bounces at once. */
async function deliver(work: Work, record: OutboundRecord, recipients: Mailbox[], message: OutgoingMessage, bounceAs: BounceType | undefined): Promise<void> {
  for (const mailbox of recipients) {
    const bounceType = bounceAs ?? bounceTestingType(mailbox.email, message.Headers ?? []);
    if (bounceType) await recordBounce(work, record, mailbox.email, bounceType);
    else await recordDelivery(work, record, mailbox.email);
  }
}
