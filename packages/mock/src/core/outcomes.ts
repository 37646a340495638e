// What happens to a sent message once Postmark has accepted it: it is delivered, bounces, is
// opened, has a link clicked, or its recipient unsubscribes (or complains). Each outcome is
// recorded where Postmark records it (the message's events, bounces, opens, clicks, suppressions)
// and, when Postmark would post it, emitted for the webhooks. Sending, the mock API and anything
// else that makes an outcome happen go through these functions, so each rule is written once.
import type { MockApiSchemas } from "../protocol/spec-types.js";
import { PostmarkError } from "../protocol/errors.js";
import { bounceTypeInfo, extractLinks, type BounceType } from "./mail/index.js";
import { keepNewest, retention } from "./retention.js";
import { addMessageEvent } from "./sent-messages.js";
import type { BounceRecord, OutboundRecord } from "./store/collections.js";
import { suppress, unsuppress } from "./suppression-list.js";
import { postmarkTimestamp } from "./time.js";
import type { Schemas } from "./types.js";
import type { Work } from "./work.js";

type AgentInfo = Schemas["AgentInfo"];
type SentRecord = Pick<OutboundRecord, "serverId" | "details" | "events">;

/** How Postmark describes software it could not recognise. */
export const unknownAgent: AgentInfo = { Name: "unknown", Company: "unknown", Family: "unknown" };

/** The receiving server took the message for one recipient: a Delivered event and its webhook. */
export async function recordDelivery(work: Work, record: SentRecord, recipient: string): Promise<void> {
  const { details, serverId } = record;
  await addMessageEvent(work.tx, record, {
    Recipient: recipient,
    Type: "Delivered",
    ReceivedAt: work.timestamp,
    Details: { DeliveryMessage: "smtp;250 2.0.0 OK: queued as local", DestinationServer: "mx.local-postmark.invalid", DestinationIP: "127.0.0.1" },
  }, work.uuid(), work.now.getTime());
  work.emit({
    type: "Delivery",
    serverId,
    messageStream: details.MessageStream,
    messageId: details.MessageID,
    payload: {
      RecordType: "Delivery",
      ServerID: serverId,
      MessageStream: details.MessageStream,
      MessageID: details.MessageID,
      Recipient: recipient,
      Tag: details.Tag ?? "",
      DeliveredAt: work.timestamp,
      Details: "Test delivery by the local Postmark.",
      Metadata: details.Metadata,
    },
  });
}

/**
 * A bounce of a sent message: the bounce record, its Bounced event, the address deactivated when
 * the type calls for it, and the webhook. `reason` replaces the type's usual SMTP details.
 */
export async function recordBounce(work: Work, record: SentRecord, email: string, type: BounceType, reason?: string): Promise<Schemas["Bounce"]> {
  const info = bounceTypeInfo(type);
  const { details, serverId } = record;
  const bounce: Schemas["Bounce"] = {
    RecordType: "Bounce",
    ID: await work.nextId("bounce"),
    Type: info.Type,
    TypeCode: info.TypeCode as Schemas["Bounce"]["TypeCode"],
    Name: info.Name,
    Tag: details.Tag ?? null,
    MessageID: details.MessageID,
    ServerID: serverId,
    MessageStream: details.MessageStream,
    Description: info.Description,
    Details: reason ?? info.Details,
    Email: email,
    From: details.From,
    BouncedAt: work.timestamp,
    DumpAvailable: true,
    Inactive: info.deactivates,
    CanActivate: info.deactivates && info.canActivate,
    Subject: details.Subject,
    Content: bounceSource(details, email, reason ?? info.Details),
  };
  await work.tx.bounces.put({ serverId, bounce, at: work.now.getTime() } satisfies BounceRecord);
  await keepNewest(work.tx, "bounces", { scope: serverId }, retention.bouncesPerServer);
  await addMessageEvent(work.tx, record, {
    Recipient: email,
    Type: "Bounced",
    ReceivedAt: work.timestamp,
    Details: { Summary: info.Description, BounceID: String(bounce.ID) },
  }, work.uuid(), work.now.getTime());
  if (info.deactivates) await suppress(work.tx, serverId, details.MessageStream, email, type === "SpamComplaint" ? "SpamComplaint" : "HardBounce", "Recipient", work.now);
  const recordType = type === "SpamComplaint" ? "SpamComplaint" : "Bounce";
  work.emit({
    type: recordType,
    serverId,
    messageStream: details.MessageStream,
    messageId: details.MessageID,
    payload: { ...bounce, RecordType: recordType, Tag: details.Tag ?? "", Metadata: details.Metadata } as never,
  });
  return bounce;
}

/** The delivery report a receiving server would send back: what the bounce dump shows. */
function bounceSource(details: SentRecord["details"], email: string, reason: string): string {
  return [
    `Return-Path: <>`,
    `From: Mail Delivery System <mailer-daemon@mx.local-postmark.invalid>`,
    `To: ${details.From}`,
    `Subject: Undelivered Mail Returned to Sender`,
    `Content-Type: text/plain; charset=utf-8`,
    ``,
    `Your message to ${email} could not be delivered.`,
    ``,
    reason,
    ``,
    `--- The original message follows ---`,
    ``,
    details.Body ?? "",
  ].join("\r\n");
}

/** What an open may say about who opened the message. Anything left out is unknown. */
export type OpenInit = Partial<Pick<Schemas["OpenEvent"], "Recipient" | "Client" | "OS" | "Platform" | "UserAgent" | "ReadSeconds" | "Geo">>;

/** What a click may say; the clicked link is required. Anything else left out is unknown. */
export type ClickInit = Partial<Pick<Schemas["ClickEvent"], "Recipient" | "ClickLocation" | "Client" | "OS" | "Platform" | "UserAgent" | "Geo">> & { OriginalLink: string };

/** What opens and clicks share: who read the message, with what, where and when, and the message's own fields. */
function readerFields(work: Work, record: SentRecord, init: OpenInit | ClickInit, recipient: string) {
  const { details } = record;
  return {
    Client: init.Client ?? unknownAgent,
    OS: init.OS ?? unknownAgent,
    Platform: init.Platform ?? "Unknown",
    UserAgent: init.UserAgent ?? null,
    Geo: init.Geo ?? {},
    MessageID: details.MessageID,
    MessageStream: details.MessageStream,
    ReceivedAt: postmarkTimestamp(work.now),
    Tag: details.Tag ?? "",
    Recipient: recipient,
    Metadata: details.Metadata,
  };
}

/**
 * An open of a sent message: the first per recipient is marked `FirstOpen`. It is counted either
 * way; Postmark posts it only for a message sent with open tracking on.
 */
export async function recordOpen(work: Work, record: SentRecord, init: OpenInit): Promise<Schemas["OpenEvent"]> {
  const { details, serverId } = record;
  const recipient = init.Recipient ?? firstRecipient(details);
  const messageId = details.MessageID.toLowerCase();
  const earlier = await work.tx.opens.count({ where: { messageId, recipient } });
  const reader = readerFields(work, record, init, recipient);
  const open: Schemas["OpenEvent"] = { RecordType: "Open", FirstOpen: earlier === 0, ReadSeconds: init.ReadSeconds ?? 0, ...reader };
  await work.tx.opens.put({ id: work.uuid(), serverId, open, at: work.now.getTime() });
  await keepNewest(work.tx, "opens", { scope: serverId }, retention.opensPerServer);
  await addMessageEvent(work.tx, record, {
    Recipient: recipient,
    Type: "Opened",
    ReceivedAt: reader.ReceivedAt,
    Details: { Summary: `Opened with ${agentName(reader.Client)} on a ${reader.Platform === "Unknown" ? "device of unknown kind" : `${reader.Platform} device`}` },
  }, work.uuid(), work.now.getTime());
  if (details.TrackOpens) {
    work.emit({
      type: "Open",
      serverId,
      messageStream: details.MessageStream,
      messageId: details.MessageID,
      payload: {
        RecordType: "Open",
        MessageStream: details.MessageStream,
        Metadata: open.Metadata ?? {},
        FirstOpen: open.FirstOpen ?? false,
        Recipient: open.Recipient,
        MessageID: open.MessageID,
        ReceivedAt: open.ReceivedAt,
        Platform: open.Platform,
        ReadSeconds: open.ReadSeconds ?? 0,
        Tag: open.Tag ?? "",
        UserAgent: open.UserAgent ?? null,
        OS: open.OS,
        Client: open.Client,
        Geo: open.Geo,
      },
    });
  }
  return open;
}

/**
 * A click on a link of a sent message. It is counted either way; Postmark posts it only when the
 * message was sent with link tracking on (`tracked`).
 */
export async function recordClick(work: Work, record: SentRecord, init: ClickInit, tracked: boolean): Promise<Schemas["ClickEvent"]> {
  const { details, serverId } = record;
  const recipient = init.Recipient ?? firstRecipient(details);
  const reader = readerFields(work, record, init, recipient);
  const location = init.ClickLocation ?? "HTML";
  const click: Schemas["ClickEvent"] = { RecordType: "Click", ClickLocation: location, OriginalLink: init.OriginalLink, ...reader };
  await work.tx.clicks.put({ id: work.uuid(), serverId, click, at: work.now.getTime() });
  await keepNewest(work.tx, "clicks", { scope: serverId }, retention.clicksPerServer);
  await addMessageEvent(work.tx, record, {
    Recipient: recipient,
    Type: "LinkClicked",
    ReceivedAt: reader.ReceivedAt,
    Details: { Summary: `Clicked a link in the ${location === "HTML" ? "HTML" : "text"} body`, Link: init.OriginalLink, ClickLocation: location },
  }, work.uuid(), work.now.getTime());
  if (tracked) {
    work.emit({
      type: "Click",
      serverId,
      messageStream: details.MessageStream,
      messageId: details.MessageID,
      payload: {
        RecordType: "Click",
        MessageStream: details.MessageStream,
        Metadata: click.Metadata ?? {},
        Recipient: click.Recipient,
        MessageID: click.MessageID,
        ReceivedAt: click.ReceivedAt,
        Platform: click.Platform,
        ClickLocation: location,
        OriginalLink: click.OriginalLink,
        Tag: click.Tag ?? "",
        UserAgent: click.UserAgent ?? null,
        OS: click.OS,
        Client: click.Client,
        Geo: click.Geo,
      },
    });
  }
  return click;
}

/** The recipient unsubscribes (suppressed on the message's stream) or subscribes again (reactivated). */
export async function recordSubscriptionChange(work: Work, record: SentRecord, recipient: string, suppressSending: boolean): Promise<void> {
  const { details, serverId } = record;
  if (suppressSending) await suppress(work.tx, serverId, details.MessageStream, recipient, "ManualSuppression", "Recipient", work.now);
  else await unsuppress(work.tx, serverId, details.MessageStream, recipient);
  await addMessageEvent(work.tx, record, {
    Recipient: recipient,
    Type: "SubscriptionChanged",
    ReceivedAt: work.timestamp,
    Details: { Origin: "Recipient", SuppressSending: suppressSending, Summary: suppressSending ? "The recipient unsubscribed." : "The recipient subscribed again." },
  }, work.uuid(), work.now.getTime());
  work.emit({
    type: "SubscriptionChange",
    serverId,
    messageStream: details.MessageStream,
    messageId: details.MessageID,
    payload: {
      RecordType: "SubscriptionChange",
      // Postmark names no message, tag or reason when an address is reactivated.
      MessageID: suppressSending ? details.MessageID : null,
      ServerID: serverId,
      MessageStream: details.MessageStream,
      ChangedAt: work.timestamp,
      Recipient: recipient,
      Origin: "Recipient",
      SuppressSending: suppressSending,
      SuppressionReason: suppressSending ? "ManualSuppression" : null,
      Tag: suppressSending ? (details.Tag ?? "") : null,
      Metadata: details.Metadata,
    },
  });
}

/** Whether Postmark could tell the software apart (it says "unknown" when it could not). */
export function isKnownAgent(agent: AgentInfo | undefined): agent is AgentInfo & { Family: string } {
  const family = agent?.Family?.trim() ?? "";
  return family !== "" && family.toLowerCase() !== "unknown";
}

function agentName(agent: AgentInfo): string {
  return agent.Name?.trim() && agent.Name.toLowerCase() !== "unknown" ? agent.Name : "an unknown client";
}

function firstRecipient(details: SentRecord["details"]): string {
  return details.Recipients[0] ?? details.To[0]?.Email ?? "";
}

/** An event made to happen to a sent message, as the mock's own API asks for it. */
export type SimulatedEvent = MockApiSchemas["SimulatedEvent"];

/** ErrorCode 300: Postmark's "invalid email request", for an event the message cannot have. */
const invalidRequest = 300;

/**
 * Makes an event happen to a sent message, for one of its recipients (the first by default),
 * exactly as if the real world had done it: recorded, and posted where Postmark would post it.
 */
export async function simulateOutcome(work: Work, record: SentRecord, event: SimulatedEvent): Promise<MockApiSchemas["SimulatedEventResult"]> {
  const recipient = recipientOf(record, event.Recipient);
  const answer = (extra: { BounceID?: number } = {}) => ({ Type: event.Type, Recipient: recipient, RecordedAt: work.now.toISOString(), ...extra });
  const reader = {
    ...(event.Platform ? { Platform: event.Platform } : {}),
    ...(event.Client ? { Client: event.Client } : {}),
    ...(event.OS ? { OS: event.OS } : {}),
    ...(event.Geo ? { Geo: event.Geo } : {}),
    ...(event.UserAgent ? { UserAgent: event.UserAgent } : {}),
    Recipient: recipient,
  };
  switch (event.Type) {
    case "Delivery":
      await recordDelivery(work, record, recipient);
      return answer();
    case "Bounce":
    case "SpamComplaint": {
      const type = event.Type === "SpamComplaint" ? "SpamComplaint" : (event.BounceType ?? "HardBounce");
      const bounce = await recordBounce(work, record, recipient, type);
      return answer({ BounceID: bounce.ID });
    }
    case "Open":
      await recordOpen(work, record, reader);
      return answer();
    case "Click": {
      const { details } = record;
      const tracked = extractLinks(details.HtmlBody ?? undefined, details.TextBody ?? undefined, details.TrackLinks);
      const anyLink = tracked[0] ?? extractLinks(details.HtmlBody ?? undefined, details.TextBody ?? undefined, "HtmlAndText")[0];
      const link = event.Link ?? anyLink?.url;
      if (!link) throw new PostmarkError(422, invalidRequest, `The message ${details.MessageID} has no link to click; give one in Link.`);
      const location = event.ClickLocation ?? tracked.find((entry) => entry.url === link)?.location ?? anyLink?.location ?? "HTML";
      await recordClick(work, record, { ...reader, OriginalLink: link, ClickLocation: location }, tracked.length > 0);
      return answer();
    }
    case "SubscriptionChange":
      await recordSubscriptionChange(work, record, recipient, event.SuppressSending ?? true);
      return answer();
  }
}

/** The recipient the event is for: the one named (it must be one of the message's), or the first. */
function recipientOf({ details }: SentRecord, wanted: string | undefined): string {
  const recipients = details.Recipients;
  if (wanted === undefined) return recipients[0] ?? "";
  const found = recipients.find((email) => email.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new PostmarkError(422, invalidRequest, `${wanted} is not a recipient of the message ${details.MessageID}; its recipients are ${recipients.join(", ")}.`);
  return found;
}
