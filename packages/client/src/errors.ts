// Every failure the client reports is a PostmarkError; `createPostmarkError` picks the subclass.
// Errors carry what a caller needs to react (status, Postmark's ErrorCode, the operation), never the
// request itself: its headers hold the token.

/** Where a failed call was going. */
export interface RequestTarget {
  operationId: string | undefined;
  method: string;
  path: string;
}

export interface PostmarkErrorDetails extends RequestTarget {
  /** HTTP status, or 0 when no response arrived (timeout, network failure, missing token). */
  status: number;
  /** Postmark's `ErrorCode`, or undefined when the answer was not a Postmark error body. */
  errorCode: number | undefined;
  /** Postmark's `Message`, or our own explanation. */
  message: string;
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

export class PostmarkError extends Error {
  override name = "PostmarkError";
  // Declared rather than defined as fields: the constructor sets them, and a bundle gets no field list.
  declare readonly status: number;
  declare readonly errorCode: number | undefined;
  declare readonly operationId: string | undefined;
  declare readonly method: string;
  declare readonly path: string;
  declare readonly retryAfterSeconds: number | undefined;

  constructor(details: PostmarkErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  override toString(): string {
    const where = `${this.operationId ?? "request"} (${this.method} ${this.path})`;
    const code = this.errorCode === undefined ? "" : ` ErrorCode ${this.errorCode}:`;
    return `${this.name}: ${where} failed${this.status ? ` with HTTP ${this.status}` : ""}:${code} ${this.message}`;
  }

  toJSON() {
    return {
      name: this.name,
      status: this.status,
      errorCode: this.errorCode,
      message: this.message,
      operationId: this.operationId,
      method: this.method,
      path: this.path,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }
}

/** 401: the token is missing, wrong, or the other kind of token. */
export class InvalidTokenError extends PostmarkError {
  override name = "InvalidTokenError";
}

/** 404: no such endpoint or entity. */
export class NotFoundError extends PostmarkError {
  override name = "NotFoundError";
}

/** 422: Postmark understood the request but refused it; `errorCode` says why. */
export class InvalidRequestError extends PostmarkError {
  override name = "InvalidRequestError";
}

/** 422 with ErrorCode 406: every recipient is inactive (bounced, complained or suppressed). */
export class InactiveRecipientError extends InvalidRequestError {
  override name = "InactiveRecipientError";
}

/** 429: too many requests; `retryAfterSeconds` says how long to wait when Postmark tells. */
export class RateLimitError extends PostmarkError {
  override name = "RateLimitError";
}

/** 5xx: Postmark failed or is in maintenance. */
export class ServerError extends PostmarkError {
  override name = "ServerError";
}

/** No answer within `timeoutMs`. */
export class TimeoutError extends PostmarkError {
  override name = "TimeoutError";
}

/** The caller's `signal` aborted the request. */
export class AbortError extends PostmarkError {
  override name = "AbortError";
}

/** The request never got an answer: DNS, connection refused or reset, TLS. */
export class NetworkError extends PostmarkError {
  override name = "NetworkError";
}

/** The client was used in a way that cannot work, such as calling an account operation without `accountToken`. */
export class ConfigurationError extends PostmarkError {
  override name = "ConfigurationError";
}

/** An error of a call that got no answer (status 0), such as a timeout or a missing token. */
export function callError<E extends PostmarkError>(kind: new (details: PostmarkErrorDetails) => E, target: RequestTarget, message: string, cause?: unknown): E {
  return new kind({ ...target, status: 0, errorCode: undefined, message, cause });
}

/** Postmark's documented ErrorCode for an inactive recipient. */
export const INACTIVE_RECIPIENT = 406;

/** Builds the error for an HTTP answer that is not a success. */
export function createPostmarkError(
  target: RequestTarget,
  status: number,
  body: unknown,
  contentType: string | null,
  retryAfterSeconds?: number,
): PostmarkError {
  const { ErrorCode, Message } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const isPostmarkBody = typeof ErrorCode === "number" && typeof Message === "string";
  const details: PostmarkErrorDetails = {
    ...target,
    status,
    errorCode: isPostmarkBody ? ErrorCode : undefined,
    message: isPostmarkBody ? Message : describeForeignBody(status, body, contentType),
    retryAfterSeconds,
  };
  if (status === 401) return new InvalidTokenError(details);
  if (status === 404) return new NotFoundError(details);
  if (status === 422) {
    return details.errorCode === INACTIVE_RECIPIENT ? new InactiveRecipientError(details) : new InvalidRequestError(details);
  }
  if (status === 429) return new RateLimitError(details);
  if (status >= 500) return new ServerError(details);
  return new PostmarkError(details);
}

/** An answer that is not Postmark's JSON error, such as an HTML page from a proxy or firewall. */
function describeForeignBody(status: number, body: unknown, contentType: string | null): string {
  const kind = contentType ? contentType.split(";")[0]!.trim() : "no content type";
  const text = typeof body === "string" ? body : body === undefined ? "" : JSON.stringify(body);
  const excerpt = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 160);
  const origin = status === 403 ? " It did not come from Postmark's API; a proxy or firewall may have blocked the request." : "";
  return `Unexpected HTTP ${status} answer (${kind}) that is not a Postmark error body.${origin}${excerpt ? ` Body starts: "${excerpt}"` : ""}`;
}

/** True for any error this client throws. Works across copies of the package, unlike `instanceof`. */
export function isPostmarkError(error: unknown): error is PostmarkError {
  return error instanceof PostmarkError || (error instanceof Error && typeof (error as Partial<PostmarkError>).status === "number" && "errorCode" in error && "operationId" in error);
}
