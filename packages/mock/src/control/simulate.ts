// Postmark's events for a sent message, made to happen on demand: each is recorded where Postmark
// records it (message events, bounces, opens, clicks, suppressions) and emitted, so webhooks fire.
import { recordDelivery } from "../core/sending.js";
import type { Context } from "../core/context.js";
import { recordBounce } from "../core/bouncing.js";
import { extractLinks } from "../core/mail/index.js";
import { sameText } from "../core/paging.js";
import { suppress, unsuppress } from "../core/suppressions.js";
import { clickEvent, openEvent, recordClick, recordOpen } from "../core/tracking.js";
import { PostmarkError } from "../front/errors.js";
import type { Located } from "./messages.js";
import type { MockApiSchemas } from "./types.js";

type SimulatedEvent = MockApiSchemas["SimulatedEvent"];
type Result = MockApiSchemas["SimulatedEventResult"];

/** ErrorCode 300: Postmark's "invalid email request", for an event the message cannot have. */
const invalidRequest = 300;

export function simulateEvent(context: Context, located: Located, event: SimulatedEvent): Result {
  const recipient = recipientOf(located, event.Recipient);
  const answer = (extra: Partial<Result> = {}): Result => ({ Type: event.Type, Recipient: recipient, RecordedAt: context.now.toISOString(), ...extra });
  switch (event.Type) {
    case "Delivery":
      deliver(context, located, recipient);
      return answer();
    case "Bounce":
    case "SpamComplaint": {
      const type = event.Type === "SpamComplaint" ? "SpamComplaint" : (event.BounceType ?? "HardBounce");
      const bounce = recordBounce(context, located.server, located.record, recipient, type);
      return answer({ BounceID: bounce.ID });
    }
    case "Open": {
      const open = recordOpen(located.server, located.record, { ...reader(event), Recipient: recipient, at: context.now });
      // Postmark posts opens only of messages it tracked; the open is counted either way.
      if (located.record.details.TrackOpens) context.emit(openEvent(located.server, open));
      return answer();
    }
    case "Click": {
      const { details } = located.record;
      const tracked = extractLinks(details.HtmlBody ?? undefined, details.TextBody ?? undefined, details.TrackLinks);
      const anyLink = tracked[0] ?? extractLinks(details.HtmlBody ?? undefined, details.TextBody ?? undefined, "HtmlAndText")[0];
      const link = event.Link ?? anyLink?.url;
      if (!link) throw new PostmarkError(422, invalidRequest, `The message ${details.MessageID} has no link to click; give one in Link.`);
      const location = event.ClickLocation ?? tracked.find((entry) => entry.url === link)?.location ?? anyLink?.location ?? "HTML";
      const click = recordClick(located.server, located.record, { ...reader(event), Recipient: recipient, OriginalLink: link, ClickLocation: location, at: context.now });
      if (tracked.length > 0) context.emit(clickEvent(located.server, click));
      return answer();
    }
    case "SubscriptionChange":
      changeSubscription(context, located, recipient, event.SuppressSending ?? true);
      return answer();
  }
}

/** The recipient the event is for: the one named (it must be one of the message's), or the first. */
function recipientOf({ record }: Located, wanted: string | undefined): string {
  const recipients = record.details.Recipients;
  if (wanted === undefined) return recipients[0] ?? "";
  const found = recipients.find((email) => sameText(email, wanted));
  if (!found) throw new PostmarkError(422, invalidRequest, `${wanted} is not a recipient of the message ${record.details.MessageID}; its recipients are ${recipients.join(", ")}.`);
  return found;
}

function reader(event: SimulatedEvent) {
  return {
    ...(event.Platform ? { Platform: event.Platform } : {}),
    ...(event.Client ? { Client: event.Client } : {}),
    ...(event.OS ? { OS: event.OS } : {}),
    ...(event.Geo ? { Geo: event.Geo } : {}),
    ...(event.UserAgent ? { UserAgent: event.UserAgent } : {}),
  };
}

function deliver(context: Context, { server, record }: Located, recipient: string): void {
  recordDelivery(context, server, record, recipient);
}

/** The recipient unsubscribes (suppressed on the message's stream) or subscribes again (reactivated). */
function changeSubscription(context: Context, { server, record }: Located, recipient: string, suppressSending: boolean): void {
  const { details } = record;
  if (suppressSending) suppress(server, details.MessageStream, recipient, "ManualSuppression", "Recipient", context.now);
  else unsuppress(server, details.MessageStream, recipient);
  details.MessageEvents.push({
    Recipient: recipient,
    Type: "SubscriptionChanged",
    ReceivedAt: context.timestamp,
    Details: { Origin: "Recipient", SuppressSending: suppressSending, Summary: suppressSending ? "The recipient unsubscribed." : "The recipient subscribed again." },
  });
  context.emit({
    type: "SubscriptionChange",
    serverId: server.server.ID,
    messageStream: details.MessageStream,
    messageId: details.MessageID,
    payload: {
      RecordType: "SubscriptionChange",
      // Postmark names no message, tag or reason when an address is reactivated.
      MessageID: suppressSending ? details.MessageID : null,
      ServerID: server.server.ID,
      MessageStream: details.MessageStream,
      ChangedAt: context.timestamp,
      Recipient: recipient,
      Origin: "Recipient",
      SuppressSending: suppressSending,
      SuppressionReason: suppressSending ? "ManualSuppression" : null,
      Tag: suppressSending ? (details.Tag ?? "") : null,
      Metadata: details.Metadata,
    },
  });
}
