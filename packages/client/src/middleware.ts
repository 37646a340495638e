// openapi-fetch's middleware: plain objects with onRequest, onResponse and onError hooks that see
// standard Request and Response objects. onRequest hooks run in the order they were registered and
// may replace the request or answer in its place; onResponse and onError hooks run in reverse
// order, may replace the response, and onError may recover with a response or swap the error.
// A call becomes Request objects only when it has middleware.
import type { Middleware, MiddlewareCallbackParams } from "openapi-fetch";
import { fillPath, serializeQuery, type RequestInitLike } from "./request.js";
import type { AttemptHooks, FetchFunction } from "./transport.js";

export type { Middleware, MiddlewareCallbackParams };

/** What every hook of one call sees besides the request: the same across that call's attempts. */
export type MiddlewareContext = Omit<MiddlewareCallbackParams, "request">;

/** One call's middleware and context. */
export interface CallMiddleware {
  chain: readonly Middleware[];
  context: MiddlewareContext;
}

/** Where a stack keeps what the client asks it for each call. */
export const hooksForCall: unique symbol = Symbol("hooks");

/** What a client tells its middleware about itself, as openapi-fetch's `options`. */
export interface MiddlewareClient {
  baseUrl: string;
  fetch: FetchFunction;
}

/**
 * The middleware of a client, made by `middlewareStack()`: createPostmarkCore's `middleware`
 * option. `use` and `eject` work as the methods of createPostmarkClient's client.
 */
export interface MiddlewareStack {
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  /** The hooks of one call (the stack's, then the call's own), or undefined when there are none. */
  readonly [hooksForCall]: (schemaPath: string, init: RequestInitLike, client: MiddlewareClient) => AttemptHooks | undefined;
}

/** A middleware stack, with these middleware registered first. */
export function middlewareStack(...middleware: Middleware[]): MiddlewareStack {
  const registered: Middleware[] = [];
  addMiddleware(registered, middleware);
  return {
    use: (...added) => addMiddleware(registered, added),
    eject: (...removed) => removeMiddleware(registered, removed),
    [hooksForCall](schemaPath, init, { baseUrl, fetch }) {
      // Copied, so that `use` during the call does not change it.
      const chain = [...registered, ...(init.middleware ?? [])];
      if (!chain.length) return undefined;
      const context: MiddlewareContext = {
        schemaPath,
        params: init.params ?? {},
        // openapi-fetch gives every call an id so hooks can pair a request with its response.
        id: Math.random().toString(36).slice(2, 11),
        // What hooks see as `options`, as openapi-fetch gives it; its fetch is safe to call as a method.
        options: Object.freeze({
          baseUrl,
          querySerializer: serializeQuery,
          bodySerializer: (body: unknown) => JSON.stringify(body),
          pathSerializer: fillPath,
          fetch: ((input: string | Request, requestInit?: RequestInit) => fetch(input, requestInit ?? {})) as typeof globalThis.fetch,
          parseAs: init.parseAs ?? "json",
        }),
      };
      return (request, send) => runMiddleware({ chain, context }, request, send);
    },
  };
}

/** Adds middleware the way openapi-fetch's `use` does: nullish entries are skipped, anything without a hook is refused. */
export function addMiddleware(registered: Middleware[], added: readonly (Middleware | null | undefined)[]): void {
  for (const middleware of added) {
    if (!middleware) continue;
    if (typeof middleware !== "object" || !("onRequest" in middleware || "onResponse" in middleware || "onError" in middleware)) {
      throw new TypeError("middleware needs onRequest, onResponse or onError");
    }
    registered.push(middleware);
  }
}

export function removeMiddleware(registered: Middleware[], removed: readonly Middleware[]): void {
  for (const middleware of removed) {
    const index = registered.indexOf(middleware);
    if (index >= 0) registered.splice(index, 1);
  }
}

/**
 * One attempt through the hooks. `send` performs the fetch of the final request and throws the
 * client's own error (TimeoutError, NetworkError, …) when there is no answer.
 */
export async function runMiddleware({ chain, context }: CallMiddleware, firstRequest: Request, send: (request: Request) => Promise<Response>): Promise<Response> {
  let request = firstRequest;
  let response: Response | undefined;
  for (const { onRequest } of chain) {
    const result = onRequest && (await onRequest({ ...context, request }));
    if (result instanceof Response) return result; // answered without fetching: openapi-fetch then skips every other hook
    if (result) request = checked(result, Request, "onRequest");
  }
  try {
    response = await send(request);
  } catch (caught) {
    let error: unknown = caught;
    for (let index = chain.length; index-- > 0 && !response; ) {
      const result = await chain[index]!.onError?.({ ...context, request, error });
      if (result instanceof Response) response = result;
      else if (result) error = checked(result, Error, "onError");
    }
    if (!response) throw error;
  }
  for (let index = chain.length; index-- > 0; ) {
    const result: Response | void | undefined = await chain[index]!.onResponse?.({ ...context, request, response });
    if (result) response = checked(result, Response, "onResponse");
  }
  return response;
}

/** A hook's return value, if it is of the kind that hook may return. */
function checked<T>(value: unknown, kind: abstract new (...args: never[]) => T, hook: string): T {
  if (value instanceof kind) return value;
  throw new TypeError(`${hook} returned something else than a ${kind.name}`);
}
