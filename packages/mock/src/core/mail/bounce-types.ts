import { bounceTypeFacts } from "../../generated/spec-facts.js";
import type { Schemas } from "../types.js";
import type { MessageHeader } from "./types.js";

export type BounceType = Schemas["BounceType"];

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

/**
 * What a local bounce of each type says in its `Description` and `Details`: written here (Postmark
 * words them per bounce, from the receiving server's answer).
 */
const wording: Record<BounceType, { Description: string; Details: string }> = {
  HardBounce: { Description: "The receiving server refused the message for good: the mailbox or domain does not exist.", Details: "smtp;550 5.1.1 The email account that you tried to reach does not exist." },
  Transient: { Description: "Delivery is delayed for now, for example by a network problem; it is retried.", Details: "smtp;421 4.4.2 Connection timed out while delivering." },
  Unsubscribe: { Description: "The recipient replied asking to be removed from the list.", Details: "The recipient asked to unsubscribe." },
  Subscribe: { Description: "The recipient replied asking to be added to the list.", Details: "The recipient asked to subscribe." },
  AutoResponder: { Description: "An automatic reply, such as an out-of-office notice.", Details: "Auto-Submitted: auto-replied (I am out of the office until Monday.)" },
  AddressChange: { Description: "The recipient let you know that their address has changed.", Details: "The recipient's address has changed." },
  DnsError: { Description: "A temporary DNS failure stopped delivery.", Details: "smtp;451 4.4.0 DNS resolution of the recipient domain failed temporarily." },
  SpamNotification: { Description: "The message was delivered, then blocked or filed as spam or bulk mail by the recipient's system.", Details: "smtp;550 5.7.1 Message classified as bulk mail by the recipient's filter." },
  OpenRelayTest: { Description: "The returned message was a probe testing whether the server is an open relay.", Details: "An open relay test message was received." },
  Unknown: { Description: "The non-delivery report could not be classified.", Details: "The bounce message could not be classified." },
  SoftBounce: { Description: "Delivery failed for now: the mailbox is full, disabled or over quota.", Details: "smtp;452 4.2.2 The email account that you tried to reach is over quota." },
  VirusNotification: { Description: "The receiving system reported a virus in the message.", Details: "smtp;554 5.7.1 Message rejected: a virus was detected." },
  ChallengeVerification: { Description: "The recipient's filter asks you to confirm that you sent the message.", Details: "Please confirm that you sent this message by following the verification link." },
  BadEmailAddress: { Description: "The address is not a valid email address.", Details: "smtp;553 5.1.3 The recipient address does not conform to RFC 5321." },
  SpamComplaint: { Description: "The recipient marked the message as spam.", Details: "The recipient reported this message as spam through a feedback loop." },
  ManuallyDeactivated: { Description: "The address was deactivated by hand.", Details: "The address was deactivated manually." },
  Unconfirmed: { Description: "The recipient never confirmed the subscription.", Details: "The subscription was not confirmed." },
  Blocked: { Description: "The receiving provider blocked the message, often for its sending IP or content.", Details: "smtp;554 5.7.1 Service unavailable; client host blocked using a reputation list." },
  SMTPApiError: { Description: "The message sent over SMTP was refused by the API's rules.", Details: "The SMTP message could not be accepted by the API." },
  InboundError: { Description: "An inbound message could not be processed.", Details: "The inbound message could not be processed." },
  DMARCPolicy: { Description: "The receiving server refused the message under the sender domain's DMARC policy.", Details: "smtp;550 5.7.1 Unauthenticated email is not accepted due to the domain's DMARC policy." },
  TemplateRenderingFailed: { Description: "The template could not be rendered with the model given.", Details: "The template could not be rendered." },
};

/**
 * Every bounce type with its TypeCode and label, and whether it deactivates the address and can be
 * reactivated, as the spec states them (BounceType's `x-postmark-bounce-types`).
 */
export const bounceTypes: readonly BounceTypeInfo[] = bounceTypeFacts.map((fact) => ({
  Type: fact.Type,
  TypeCode: fact.TypeCode,
  Name: fact.Name,
  ...wording[fact.Type],
  deactivates: fact.Deactivates,
  canActivate: fact.CanActivate,
}));

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
