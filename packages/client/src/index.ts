// The public surface of @postmark-openapi/client.
import { sendEmailsInBatches, sendTemplatedEmailsInBatches, type BatchMessage, type BatchOptions, type BatchSummary, type TemplatedBatchMessage } from "./batch.js";
import { createPostmarkClient as createBaseClient, type PostmarkClient as BaseClient, type PostmarkClientOptions } from "./client.js";
import type { PagedOperationId } from "./generated/operations.js";
import { paginate, type PageItem, type PaginateInit, type PaginateOptions } from "./paginate.js";

/** Conveniences on top of the named and path-typed methods. */
export interface PostmarkClientHelpers {
  /** Every item of a count/offset list operation, fetched page by page. */
  paginate<K extends PagedOperationId>(operationId: K, init?: PaginateInit<K>, options?: PaginateOptions): AsyncGenerator<PageItem<K>, void, undefined>;
  /** Sends any number of messages through `/email/batch`, 500 per request; results in input order. */
  sendEmailsInBatches(messages: readonly BatchMessage[], options?: BatchOptions): Promise<BatchSummary<BatchMessage>>;
  /** Sends any number of templated messages through `/email/batchWithTemplates`, 500 per request. */
  sendTemplatedEmailsInBatches(messages: readonly TemplatedBatchMessage[], options?: BatchOptions): Promise<BatchSummary<TemplatedBatchMessage>>;
}

export type PostmarkClient = BaseClient & PostmarkClientHelpers;

/** Creates a Postmark client. Give the token(s) for the operations you call. */
export function createPostmarkClient(options: PostmarkClientOptions = {}): PostmarkClient {
  const client = createBaseClient(options);
  const helpers: PostmarkClientHelpers = {
    paginate: (operationId, init, paginateOptions) => paginate(client, operationId, init, paginateOptions),
    sendEmailsInBatches: (messages, batchOptions) => sendEmailsInBatches(client, messages, batchOptions),
    sendTemplatedEmailsInBatches: (messages, batchOptions) => sendTemplatedEmailsInBatches(client, messages, batchOptions),
  };
  return Object.assign(client, helpers);
}

export { defaultBaseUrl, defaultTimeoutMs } from "./client.js";
export type { NamedCallOptions, NamedOperations, OperationInit, OperationResult, PathClient, PostmarkClientOptions } from "./client.js";
export * from "./errors.js";
export { defaultRetryOptions, type RetryOptions } from "./retry.js";
export { paginate, PaginationLimitError, type PageItem, type PaginateInit, type PaginateOptions } from "./paginate.js";
export { BatchSendError, maxBatchSize, sendEmailsInBatches, sendTemplatedEmailsInBatches } from "./batch.js";
export type { BatchItemResult, BatchMessage, BatchOptions, BatchSummary, TemplatedBatchMessage } from "./batch.js";
export { parseWebhook, WebhookParseError } from "./webhooks.js";
export type * from "./webhooks.js";
export { operations, pagedOperations, specInfo, type OperationId, type PagedOperationId } from "./generated/operations.js";
export type { components, operations as OperationTypes, paths, webhooks } from "./generated/schema.js";
