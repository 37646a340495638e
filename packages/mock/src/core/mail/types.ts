/** A send request after normalisation: Postmark's canonical field names, nulls removed. */
export interface OutgoingMessage {
  From: string;
  To?: string;
  Cc?: string;
  Bcc?: string;
  Subject?: string;
  HtmlBody?: string;
  TextBody?: string;
  ReplyTo?: string;
  Tag?: string;
  Headers?: MessageHeader[];
  TrackOpens?: boolean;
  TrackLinks?: TrackLinksMode;
  Metadata?: Record<string, string>;
  Attachments?: MessageAttachment[];
  MessageStream?: string;
}

export interface MessageHeader {
  Name: string;
  Value: string;
}

export interface MessageAttachment {
  Name: string;
  Content: string;
  ContentType: string;
  ContentID?: string;
  ContentLength?: number;
}

export type TrackLinksMode = "None" | "HtmlAndText" | "HtmlOnly" | "TextOnly";

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
