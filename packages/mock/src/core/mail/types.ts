import type { Bound } from "../../protocol/contract.js";
import type { Schemas } from "../types.js";

type EmailFields = Bound<Schemas["EmailMessage"]>;

/**
 * A message to send, after the front bound it (Postmark's field names, nulls removed): the spec's
 * EmailMessage, with only `From` required, since templated and bulk sends assemble the rest.
 */
export type OutgoingMessage = { [Field in keyof EmailFields]?: EmailFields[Field] } & { From: string };

export type MessageHeader = Bound<Schemas["EmailHeader"]>;

export type MessageAttachment = Bound<Schemas["Attachment"]>;

export type TrackLinksMode = Schemas["TrackLinks"];

/** How a refused request is answered: HTTP status, Postmark ErrorCode and Message. */
export interface RuleError {
  status: number;
  errorCode: number;
  message: string;
}

/** One mailbox of an address list. */
export interface Mailbox {
  name?: string;
  email: string;
}
