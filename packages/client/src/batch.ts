// Sends any number of messages through Postmark's batch endpoints, 500 at a time, and lines the
// per-message results up with the input. Postmark answers a batch with HTTP 200 even when some
// messages were refused: those carry a non-zero ErrorCode in their own result.
import type { PostmarkCore } from "./core.js";
import { PostmarkError, isPostmarkError } from "./errors.js";
import { sendEmailBatch, sendEmailBatchWithTemplates } from "./generated/operation-functions.js";
import type { OperationInit, OperationResult } from "./operation.js";

export type BatchMessage = OperationInit<"sendEmailBatch">["body"][number];
export type TemplatedBatchMessage = OperationInit<"sendEmailBatchWithTemplates">["body"]["Messages"][number];
type SendResult = NonNullable<OperationResult<"sendEmailBatch">>[number];

/** Postmark's result for one message, with its place in the input. */
export type BatchItemResult<M> = SendResult & {
  /** Index of the message in the array given to the helper. */
  index: number;
  message: M;
};

export interface BatchSummary<M> {
  /** One result per message, in input order. */
  results: BatchItemResult<M>[];
  /** The messages Postmark refused (non-zero ErrorCode), in input order. A missing ErrorCode means accepted. */
  failed: BatchItemResult<M>[];
  /** The messages Postmark accepted. */
  accepted: BatchItemResult<M>[];
}

export interface BatchOptions {
  /** Messages per request, 1 to 500. Default 500, Postmark's limit. */
  chunkSize?: number;
  signal?: AbortSignal;
}

export const maxBatchSize = 500;

/** A batch request failed as a whole. Results of the chunks sent before it are kept. */
export class BatchSendError<M> extends PostmarkError {
  override name = "BatchSendError";
  /** Results of the chunks Postmark answered before the failure. */
  readonly results: BatchItemResult<M>[];
  /** Messages whose chunk failed or was never sent, with their input index. */
  readonly unsent: { index: number; message: M }[];
  /**
   * True when the failed chunk may still have been accepted (a timeout or a dropped connection):
   * check its messages before sending them again, or recipients may get them twice.
   */
  readonly possiblyDelivered: boolean;

  constructor(cause: PostmarkError, results: BatchItemResult<M>[], unsent: { index: number; message: M }[], chunkSize: number) {
    super({
      operationId: cause.operationId,
      method: cause.method,
      path: cause.path,
      status: cause.status,
      errorCode: cause.errorCode,
      message: `A batch of ${chunkSize} messages failed: ${cause.message} ${results.length} earlier messages have results; ${unsent.length} are unsent.`,
      cause,
    });
    this.results = results;
    this.unsent = unsent;
    this.possiblyDelivered = cause.status === 0 && cause.name !== "ConfigurationError";
  }
}

export function sendEmailsInBatches(
  client: PostmarkCore,
  messages: readonly BatchMessage[],
  options?: BatchOptions,
): Promise<BatchSummary<BatchMessage>> {
  return sendInChunks(messages, options, (chunk, signal) => sendEmailBatch(client, { body: chunk, signal }));
}

export function sendTemplatedEmailsInBatches(
  client: PostmarkCore,
  messages: readonly TemplatedBatchMessage[],
  options?: BatchOptions,
): Promise<BatchSummary<TemplatedBatchMessage>> {
  return sendInChunks(messages, options, (chunk, signal) => sendEmailBatchWithTemplates(client, { body: { Messages: chunk }, signal }));
}

async function sendInChunks<M>(
  messages: readonly M[],
  options: BatchOptions = {},
  sendChunk: (chunk: M[], signal: AbortSignal | undefined) => Promise<readonly SendResult[] | undefined>,
): Promise<BatchSummary<M>> {
  const chunkSize = options.chunkSize ?? maxBatchSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > maxBatchSize) {
    throw new RangeError(`chunkSize must be an integer from 1 to ${maxBatchSize}`);
  }
  const results: BatchItemResult<M>[] = [];
  for (let start = 0; start < messages.length; start += chunkSize) {
    const chunk = messages.slice(start, start + chunkSize);
    let answer: readonly SendResult[] | undefined;
    try {
      answer = await sendChunk(chunk, options.signal);
    } catch (error) {
      if (!isPostmarkError(error)) throw error;
      const unsent = messages.slice(start).map((message, offset) => ({ index: start + offset, message }));
      throw new BatchSendError(error, results, unsent, chunk.length);
    }
    if (!Array.isArray(answer) || answer.length !== chunk.length) {
      throw new TypeError(`Postmark answered a batch of ${chunk.length} messages with ${Array.isArray(answer) ? answer.length : "no"} results`);
    }
    answer.forEach((result, offset) => results.push({ ...result, index: start + offset, message: chunk[offset]! }));
  }
  return {
    results,
    failed: results.filter((result) => !wasAccepted(result)),
    accepted: results.filter(wasAccepted),
  };
}

/** Postmark leaves `ErrorCode` out of some acceptances ("Message accepted, but delivery may be delayed."). */
function wasAccepted(result: { ErrorCode?: number }): boolean {
  return (result.ErrorCode ?? 0) === 0;
}
