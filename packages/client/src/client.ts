// createPostmarkClient: the core (core.ts) with retries and middleware, one named method per
// operation, and openapi-fetch's path-typed methods, all sharing auth routing, timeouts, retries
// and Postmark-shaped errors. Its operation table makes it the larger bundle; createPostmarkCore
// with the operation functions carries only the operations a program calls.
import type { Client } from "openapi-fetch";
import { coreCall, createCall, type CallInit, type ConnectionOptions, type Operation, type PostmarkCore } from "./core.js";
import { ConfigurationError, callError } from "./errors.js";
import { operations, type OperationId } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { middlewareStack } from "./middleware.js";
import { callOperation, type InitArgs, type OperationResult } from "./operation.js";
import { pathWithParams, type RequestInitLike } from "./request.js";
import { retries, type RetryOptions } from "./retry.js";

export interface PostmarkClientOptions extends ConnectionOptions {
  /** Retry settings for GET, PUT and DELETE, or `false` for none. */
  retry?: RetryOptions | false;
}

/** One method per operationId in the spec. */
export type NamedOperations = {
  [K in OperationId]: (...init: InitArgs<K>) => Promise<OperationResult<K>>;
};

/** openapi-fetch's path-typed methods, with its `{ data, error, response }` results, and its `use` and `eject` for middleware. */
export type PathClient = Pick<Client<paths, "application/json">, "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "request" | "use" | "eject">;

export type PostmarkClient = PathClient & NamedOperations & PostmarkCore;

export function createPostmarkClient(options: PostmarkClientOptions = {}): PostmarkClient {
  const middleware = middlewareStack();
  const call = createCall({ ...options, retry: options.retry === false ? undefined : retries(options.retry), middleware });
  const client: Record<string | symbol, unknown> = { [coreCall]: call, use: middleware.use, eject: middleware.eject };
  // "METHOD /path/template" → the operation, for calls through the path-typed methods.
  const routes = new Map<string, Operation>();
  for (const operationId of Object.keys(operations) as OperationId[]) {
    const operation: Operation = { operationId, ...operations[operationId], withParams: pathWithParams };
    routes.set(`${operation.method} ${operation.path}`, operation);
    client[operationId] = (init?: CallInit) => callOperation(client as unknown as PostmarkCore, operation, init);
  }
  const callPath = async (method: string, path: string, init: RequestInitLike = {}) => {
    const operation = routes.get(`${method} ${path}`);
    if (!operation) {
      throw callError(ConfigurationError, { operationId: undefined, method, path }, `${method} ${path} is not an operation of the Postmark API.`);
    }
    return call(operation, init);
  };
  for (const method of ["GET", "PUT", "POST", "DELETE", "PATCH"]) client[method] = (path: string, init?: RequestInitLike) => callPath(method, path, init);
  client.request = (method: string, path: string, init?: RequestInitLike) => callPath(method.toUpperCase(), path, init);
  return client as unknown as PostmarkClient;
}
