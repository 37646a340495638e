// The public surface of @postmark-openapi/client. Everything but createPostmarkClient's client is a
// function of its own (the operation functions, paging, batches, webhooks, retries, middleware), so
// a bundle carries only what it uses.
export { createPostmarkClient } from "./client.js";
export type { NamedOperations, PathClient, PostmarkClient, PostmarkClientOptions } from "./client.js";
export { createPostmarkCore, defaultBaseUrl, defaultTimeoutMs } from "./core.js";
export type { ConnectionOptions, PostmarkCore, PostmarkCoreOptions } from "./core.js";
export type { CommonInit, NamedCallOptions, OperationFunction, OperationInit, OperationResult } from "./operation.js";
export * from "./generated/operation-functions.js";
export { middlewareStack, type Middleware, type MiddlewareCallbackParams, type MiddlewareStack } from "./middleware.js";
export {
  AbortError,
  ConfigurationError,
  createPostmarkError,
  INACTIVE_RECIPIENT,
  InactiveRecipientError,
  InvalidRequestError,
  InvalidTokenError,
  isPostmarkError,
  NetworkError,
  NotFoundError,
  PostmarkError,
  RateLimitError,
  ServerError,
  TimeoutError,
  type PostmarkErrorDetails,
  type RequestTarget,
} from "./errors.js";
export { defaultRetryOptions, retries, type RetryOptions, type RetryPolicy } from "./retry.js";
export { paginate, PaginationLimitError, type PageItem, type PaginateInit, type PaginateOptions } from "./paginate.js";
export { BatchSendError, maxBatchSize, sendEmailsInBatches, sendTemplatedEmailsInBatches } from "./batch.js";
export type { BatchItemResult, BatchMessage, BatchOptions, BatchSummary, TemplatedBatchMessage } from "./batch.js";
export { parseWebhook, WebhookParseError } from "./webhooks.js";
export type * from "./webhooks.js";
export { operations, pagedOperations, specInfo, type OperationId, type OperationSignatures, type PagedOperationId } from "./generated/operations.js";
export type { components, operations as OperationTypes, paths, webhooks } from "./generated/schema.js";
export type { OperationContracts } from "./generated/contracts.js";
