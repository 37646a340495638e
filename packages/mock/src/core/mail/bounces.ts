import type { MessageHeader } from "./types.js";

export type BounceType =
  | "HardBounce" | "Transient" | "Unsubscribe" | "Subscribe" | "AutoResponder" | "AddressChange" | "DnsError"
  | "SpamNotification" | "OpenRelayTest" | "Unknown" | "SoftBounce" | "VirusNotification" | "ChallengeVerification"
  | "BadEmailAddress" | "SpamComplaint" | "ManuallyDeactivated" | "Unconfirmed" | "Blocked" | "SMTPApiError"
  | "InboundError" | "DMARCPolicy" | "TemplateRenderingFailed";

export interface BounceTypeInfo {
  Type: BounceType;
  TypeCode: number;
  /** The label Postmark sends as a bounce's `Name` (and in delivery stats). */
  Name: string;
  /** What the type means, for a bounce record's `Description`. */
  Description: string;
  /** A plausible remote-server answer, for a bounce record's `Details`. */
  Details: string;
  /** Whether the bounce marks the address inactive (and so suppresses it on the stream). */
  deactivates: boolean;
  /** Whether an inactive address of this type may be reactivated (`CanActivate`). */
  canActivate: boolean;
}

const row = (
  Type: BounceType, TypeCode: number, Name: string, Description: string, Details: string,
  deactivates = false, canActivate = false,
): BounceTypeInfo => ({ Type, TypeCode, Name, Description, Details, deactivates, canActivate });

/**
 * Every bounce type with its TypeCode and label (postmark.js `BounceType`, Postmark's bounce API
 * and its delivery-stats example). Postmark deactivates an address on a hard bounce or a spam
 * complaint; a hard bounce can be reactivated, a spam complaint only by Postmark's support.
 */
export const bounceTypes: readonly BounceTypeInfo[] = [
  row("HardBounce", 1, "Hard bounce", "The receiving server refused the message for good: the mailbox or domain does not exist.",
    "smtp;550 5.1.1 The email account that you tried to reach does not exist.", true, true),
  row("Transient", 2, "Message delayed", "Delivery is delayed for now, for example by a network problem; it is retried.",
    "smtp;421 4.4.2 Connection timed out while delivering."),
  row("Unsubscribe", 16, "Unsubscribe request", "The recipient replied asking to be removed from the list.",
    "The recipient asked to unsubscribe."),
  row("Subscribe", 32, "Subscribe request", "The recipient replied asking to be added to the list.",
    "The recipient asked to subscribe."),
  row("AutoResponder", 64, "Auto responder", "An automatic reply, such as an out-of-office notice.",
    "Auto-Submitted: auto-replied (I am out of the office until Monday.)"),
  row("AddressChange", 128, "Address change", "The recipient let you know that their address has changed.",
    "The recipient's address has changed."),
  row("DnsError", 256, "DNS error", "A temporary DNS failure stopped delivery.",
    "smtp;451 4.4.0 DNS resolution of the recipient domain failed temporarily."),
  row("SpamNotification", 512, "Spam notification", "The message was delivered, then blocked or filed as spam or bulk mail by the recipient's system.",
    "smtp;550 5.7.1 Message classified as bulk mail by the recipient's filter."),
  row("OpenRelayTest", 1024, "Open relay test", "The returned message was a probe testing whether the server is an open relay.",
    "An open relay test message was received."),
  row("Unknown", 2048, "Unknown", "The non-delivery report could not be classified.",
    "The bounce message could not be classified."),
  row("SoftBounce", 4096, "Soft bounce", "Delivery failed for now: the mailbox is full, disabled or over quota.",
    "smtp;452 4.2.2 The email account that you tried to reach is over quota.", false, false),
  row("VirusNotification", 8192, "Virus notification", "The receiving system reported a virus in the message.",
    "smtp;554 5.7.1 Message rejected: a virus was detected."),
  row("ChallengeVerification", 16384, "Spam challenge verification", "The recipient's filter asks you to confirm that you sent the message.",
    "Please confirm that you sent this message by following the verification link."),
  row("BadEmailAddress", 100000, "Invalid email address", "The address is not a valid email address.",
    "smtp;553 5.1.3 The recipient address does not conform to RFC 5321.", true, true),
  row("SpamComplaint", 100001, "Spam complaint", "The recipient marked the message as spam.",
    "The recipient reported this message as spam through a feedback loop.", true, false),
  row("ManuallyDeactivated", 100002, "Manually deactivated", "The address was deactivated by hand.",
    "The address was deactivated manually.", true, true),
  row("Unconfirmed", 100003, "Registration not confirmed", "The recipient never confirmed the subscription.",
    "The subscription was not confirmed."),
  row("Blocked", 100006, "ISP block", "The receiving provider blocked the message, often for its sending IP or content.",
    "smtp;554 5.7.1 Service unavailable; client host blocked using a reputation list."),
  row("SMTPApiError", 100007, "SMTP API error", "The message sent over SMTP was refused by the API's rules.",
    "The SMTP message could not be accepted by the API."),
  row("InboundError", 100008, "Processing failed", "An inbound message could not be processed.",
    "The inbound message could not be processed."),
  row("DMARCPolicy", 100009, "DMARC Policy", "The receiving server refused the message under the sender domain's DMARC policy.",
    "smtp;550 5.7.1 Unauthenticated email is not accepted due to the domain's DMARC policy."),
  row("TemplateRenderingFailed", 100010, "Template rendering failed", "The template could not be rendered with the model given.",
    "The template could not be rendered."),
];

const byFoldedName = new Map(bounceTypes.map((info) => [info.Type.toLowerCase(), info]));

export function bounceTypeInfo(type: BounceType): BounceTypeInfo {
  return byFoldedName.get(type.toLowerCase()) as BounceTypeInfo;
}

/** The domain whose addresses make Postmark generate a bounce instead of delivering. */
export const bounceTestingDomain = "bounce-testing.postmarkapp.com";

/**
 * Reads a bounce type from a local part or header value: without case, underscores ignored.
 * Every type can be asked for except SpamComplaint; anything else is a hard bounce.
 */
function typeFromName(name: string): BounceType {
  const info = byFoldedName.get(name.trim().replace(/_/g, "").toLowerCase());
  return info === undefined || info.Type === "SpamComplaint" ? "HardBounce" : info.Type;
}

/**
 * The bounce a send to this recipient produces, or undefined when it is delivered. Only
 * addresses at the bounce-testing domain bounce; an `X-PM-Bounce-Type` header then names the
 * type instead of the local part.
 */
export function bounceTestingType(recipientEmail: string, headers: readonly MessageHeader[] = []): BounceType | undefined {
  const at = recipientEmail.lastIndexOf("@");
  if (at < 0 || recipientEmail.slice(at + 1).trim().toLowerCase() !== bounceTestingDomain) return undefined;
  const header = headers.find((h) => h.Name.trim().toLowerCase() === "x-pm-bounce-type");
  return typeFromName(header !== undefined && header.Value.trim() !== "" ? header.Value : recipientEmail.slice(0, at));
}
