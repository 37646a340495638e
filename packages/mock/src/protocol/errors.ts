// Postmark-shaped error answers: `{ "ErrorCode": <int>, "Message": <string> }`.

/** ErrorCodes the front answers with, as Postmark documents them. */
export const errorCodes = {
  badToken: 10,
  invalidEmailRequest: 300,
  invalidJson: 402,
  invalidFields: 403,
  jsonRequired: 409,
  notFound: 404,
} as const;

/** A refusal with Postmark's HTTP status, ErrorCode and message. Thrown by the front and the emulator. */
export class PostmarkError extends Error {
  readonly status: number;
  readonly errorCode: number;
  readonly headers: Record<string, string>;

  constructor(status: number, errorCode: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "PostmarkError";
    this.status = status;
    this.errorCode = errorCode;
    this.headers = headers;
  }

  body(): { ErrorCode: number; Message: string } {
    return { ErrorCode: this.errorCode, Message: this.message };
  }

  /** The refusal as an answer on the wire: its status, its headers and a JSON body. */
  answer(): { status: number; headers: Record<string, string>; body: string } {
    return { status: this.status, headers: { ...this.headers, "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(this.body()) };
  }
}

/** Throws Postmark's error answer; `never` lets callers use it in expressions. */
export function fail(status: number, errorCode: number, message: string): never {
  throw new PostmarkError(status, errorCode, message);
}

/** The refusal of a body over an operation's limit, whichever adapter read it. */
export function bodyTooLarge(maxBytes: number): PostmarkError {
  return new PostmarkError(413, errorCodes.invalidEmailRequest, `The request body is larger than the ${maxBytes / 1024 / 1024} MB this operation accepts.`);
}
