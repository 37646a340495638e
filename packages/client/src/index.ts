// The public surface of @postmark-openapi/client. The helpers (paging, batches, webhooks) are
// functions of their own rather than client methods, so a bundle carries only those it uses.
export { createPostmarkClient, defaultBaseUrl, defaultTimeoutMs } from "./client.js";
export type { Middleware, MiddlewareCallbackParams } from "./middleware.js";
export type { CommonInit, NamedCallOptions, NamedOperations, OperationInit, OperationResult, PathClient, PostmarkClient, PostmarkClientOptions } from "./client.js";
export * from "./errors.js";
export { defaultRetryOptions, type RetryOptions } from "./retry.js";
export { paginate, PaginationLimitError, type PageItem, type PaginateInit, type PaginateOptions } from "./paginate.js";
export { BatchSendError, maxBatchSize, sendEmailsInBatches, sendTemplatedEmailsInBatches } from "./batch.js";
export type { BatchItemResult, BatchMessage, BatchOptions, BatchSummary, TemplatedBatchMessage } from "./batch.js";
export { parseWebhook, WebhookParseError } from "./webhooks.js";
export type * from "./webhooks.js";
export { operations, pagedOperations, specInfo, type OperationId, type OperationSignatures, type PagedOperationId } from "./generated/operations.js";
export type { components, operations as OperationTypes, paths, webhooks } from "./generated/schema.js";
export type { OperationContracts } from "./generated/contracts.js";
