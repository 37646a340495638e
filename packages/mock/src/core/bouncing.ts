// A bounce of a sent message: the bounce record, the message's Bounced event, the address made
// inactive (and suppressed on the stream) when the type calls for it, and the Bounce event.
import type { Context } from "./context.js";
import { bounceTypeInfo, type BounceType } from "./mail/index.js";
import type { OutboundRecord, ServerState } from "./state.js";
import { suppress } from "./suppressions.js";
import type { Schemas } from "./types.js";
import { keepNewest, retention } from "./retention.js";

export function recordBounce(context: Context, server: ServerState, record: OutboundRecord, email: string, type: BounceType): Schemas["Bounce"] {
  const info = bounceTypeInfo(type);
  const { details } = record;
  const bounce: Schemas["Bounce"] = {
    RecordType: "Bounce",
    ID: context.nextId("bounce"),
    Type: info.Type,
    TypeCode: info.TypeCode as Schemas["Bounce"]["TypeCode"],
    Name: info.Name,
    Tag: details.Tag ?? null,
    MessageID: details.MessageID,
    ServerID: server.server.ID,
    MessageStream: details.MessageStream,
    Description: info.Description,
    Details: info.Details,
    Email: email,
    From: details.From,
    BouncedAt: context.timestamp,
    DumpAvailable: true,
    Inactive: info.deactivates,
    CanActivate: info.deactivates && info.canActivate,
    Subject: details.Subject,
    Content: bounceSource(record, email, info.Details),
  };
  server.bounces.push(bounce);
  keepNewest(server.bounces, retention.bouncesPerServer);
  details.MessageEvents.push({
    Recipient: email,
    Type: "Bounced",
    ReceivedAt: context.timestamp,
    Details: { Summary: info.Description, BounceID: String(bounce.ID) },
  });
  keepNewest(details.MessageEvents, retention.eventsPerMessage);
  if (info.deactivates) suppress(server, details.MessageStream, email, type === "SpamComplaint" ? "SpamComplaint" : "HardBounce", "Recipient", context.now);
  const { Content: _content, ...withoutContent } = bounce;
  context.emit({
    type: type === "SpamComplaint" ? "SpamComplaint" : "Bounce",
    serverId: server.server.ID,
    messageStream: details.MessageStream,
    messageId: details.MessageID,
    payload: { ...withoutContent, RecordType: type === "SpamComplaint" ? "SpamComplaint" : "Bounce", Tag: details.Tag ?? "", Metadata: details.Metadata } as never,
  });
  return bounce;
}

/** The delivery report a receiving server would send back: what the bounce dump shows. */
function bounceSource(record: OutboundRecord, email: string, reason: string): string {
  return [
    `Return-Path: <>`,
    `From: Mail Delivery System <mailer-daemon@mx.local-postmark.invalid>`,
    `To: ${record.details.From}`,
    `Subject: Undelivered Mail Returned to Sender`,
    `Content-Type: text/plain; charset=utf-8`,
    ``,
    `Your message to ${email} could not be delivered.`,
    ``,
    reason,
    ``,
    `--- The original message follows ---`,
    ``,
    record.details.Body ?? "",
  ].join("\r\n");
}
