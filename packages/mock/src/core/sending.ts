// Accepting one message, as every send operation does: Postmark's rules, the stream, the sender,
// inactive recipients, then storage, delivery and bounce-testing addresses. The test token runs
// every check and keeps nothing.
import { PostmarkError } from "../front/errors.js";
import type { Context } from "./context.js";
import { recordBounce } from "./bouncing.js";
import { checkMessage, checkRecipients, isRuleError, bounceTestingType, buildMimeSource, type BounceType, type Mailbox, type OutgoingMessage, type RuleError } from "./mail/index.js";
import { senderAllowed } from "./senders.js";
import type { OutboundRecord, ServerState } from "./state.js";
import { streamForSending } from "./streams.js";
import { isSuppressed } from "./suppressions.js";
import type { Schemas } from "./types.js";
import { keepNewest, retention } from "./retention.js";

export type SendResult = Schemas["SendEmailResponse"];

export type SendOutcome = { ok: true; result: SendResult } | { ok: false; error: RuleError };

export interface SendOptions {
  /** "template": subject and bodies came from a template, rendered before this call */
  kind: "email" | "template";
  /** every recipient bounces with this type instead of receiving the message */
  bounceAs?: BounceType;
}

const refuse = (status: number, errorCode: number, message: string): SendOutcome => ({ ok: false, error: { status, errorCode, message } });

/** Applies every rule to one message and, when it passes, stores and delivers it. */
export function sendMessage(context: Context, server: ServerState, message: OutgoingMessage, options: SendOptions): SendOutcome {
  const ruleError = checkMessage(message, { kind: options.kind });
  if (ruleError) return { ok: false, error: ruleError };
  const streamId = message.MessageStream ?? "outbound";
  try {
    streamForSending(server, streamId);
  } catch (error) {
    if (error instanceof PostmarkError) return refuse(error.status, error.errorCode, error.message);
    throw error;
  }
  if (context.settings.strictSenders && !context.isTestToken) {
    const sender = senderAllowed(context.state, message.From);
    if (!sender.ok) return refuse(422, sender.errorCode, sender.message);
  }
  const recipients = checkRecipients(message);
  if (isRuleError(recipients)) return { ok: false, error: recipients };
  const everyone = [...recipients.To, ...recipients.Cc, ...recipients.Bcc];
  const inactive = everyone.filter((mailbox) => isSuppressed(server, streamId, mailbox.email));
  if (inactive.length === everyone.length) {
    return refuse(
      422,
      406,
      `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${inactive.map((mailbox) => mailbox.email).join(", ")}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.`,
    );
  }
  const messageId = context.uuid();
  const result: SendResult = {
    To: message.To ?? "",
    ...(message.Cc ? { Cc: message.Cc } : {}),
    ...(message.Bcc ? { Bcc: message.Bcc } : {}),
    SubmittedAt: context.timestamp,
    MessageID: messageId,
    ErrorCode: 0,
    Message: inactive.length > 0 ? `Message OK, but will not deliver to these inactive addresses: ${inactive.map((mailbox) => mailbox.email).join(", ")}` : "OK",
  };
  if (context.isTestToken) return { ok: true, result: { ...result, Message: "Test job accepted" } };

  const record = storeMessage(context, server, message, recipients, messageId);
  const active = everyone.filter((mailbox) => !inactive.includes(mailbox));
  deliver(context, server, record, active, message, options.bounceAs);
  return { ok: true, result };
}

function storeMessage(context: Context, server: ServerState, message: OutgoingMessage, recipients: Record<"To" | "Cc" | "Bcc", Mailbox[]>, messageId: string): OutboundRecord {
  const asRecipients = (mailboxes: Mailbox[]): Schemas["EmailRecipient"][] => mailboxes.map((mailbox) => ({ Email: mailbox.email, Name: mailbox.name ?? null }));
  const trackOpens = server.server.TrackOpens || message.TrackOpens === true;
  const details: Schemas["OutboundMessageDetails"] = {
    Tag: message.Tag ?? null,
    MessageID: messageId,
    MessageStream: message.MessageStream ?? "outbound",
    To: asRecipients(recipients.To),
    Cc: asRecipients(recipients.Cc),
    Bcc: asRecipients(recipients.Bcc),
    Recipients: [...recipients.To, ...recipients.Cc, ...recipients.Bcc].map((mailbox) => mailbox.email),
    ReceivedAt: context.timestamp,
    From: message.From,
    Subject: message.Subject ?? "",
    Attachments: (message.Attachments ?? []).map((attachment) => attachment.Name),
    Status: "Sent",
    TrackOpens: trackOpens,
    TrackLinks: message.TrackLinks ?? server.server.TrackLinks,
    Metadata: message.Metadata ?? {},
    Sandboxed: server.server.DeliveryType === "Sandbox",
    TextBody: message.TextBody ?? null,
    HtmlBody: message.HtmlBody ?? null,
    Body: buildMimeSource(message, { messageId, date: context.now }),
    MessageEvents: [],
  };
  const record: OutboundRecord = {
    details,
    attachments: (message.Attachments ?? []).map(({ Name, Content, ContentType, ContentID }) => ({ Name, Content, ContentType, ...(ContentID ? { ContentID } : {}) })),
    at: context.now.getTime(),
  };
  server.outbound.push(record);
  context.sent(server.server.ID, messageId);
  // A long run keeps memory bounded: the oldest messages go first.
  const excess = server.outbound.length - context.settings.maxMessagesPerServer;
  if (excess > 0) server.outbound.splice(0, excess);
  return record;
}

/** Each active recipient either gets the message (a Delivered event) or, at a bounce-testing address, bounces at once. */
function deliver(context: Context, server: ServerState, record: OutboundRecord, recipients: Mailbox[], message: OutgoingMessage, bounceAs: BounceType | undefined): void {
  for (const mailbox of recipients) {
    const bounceType = bounceAs ?? bounceTestingType(mailbox.email, message.Headers ?? []);
    if (bounceType) {
      recordBounce(context, server, record, mailbox.email, bounceType);
      continue;
    }
    recordDelivery(context, server, record, mailbox.email);
  }
}

/** The receiving server took the message for one recipient: a Delivered event and its webhook. */
export function recordDelivery(context: Context, server: ServerState, record: OutboundRecord, recipient: string): void {
  const { details } = record;
  details.MessageEvents.push({
    Recipient: recipient,
    Type: "Delivered",
    ReceivedAt: context.timestamp,
    Details: { DeliveryMessage: "smtp;250 2.0.0 OK: queued as local", DestinationServer: "mx.local-postmark.invalid", DestinationIP: "127.0.0.1" },
  });
  keepNewest(details.MessageEvents, retention.eventsPerMessage);
  context.emit({
    type: "Delivery",
    serverId: server.server.ID,
    messageStream: details.MessageStream,
    messageId: details.MessageID,
    payload: {
      RecordType: "Delivery",
      ServerID: server.server.ID,
      MessageStream: details.MessageStream,
      MessageID: details.MessageID,
      Recipient: recipient,
      Tag: details.Tag ?? "",
      DeliveredAt: context.timestamp,
      Details: "Test delivery by the local Postmark.",
      Metadata: details.Metadata,
    },
  });
}
