// openapi-fetch's middleware: plain objects with onRequest, onResponse and onError hooks that see
// standard Request and Response objects. onRequest hooks run in the order they were registered and
// may replace the request or answer in its place; onResponse and onError hooks run in reverse
// order, may replace the response, and onError may recover with a response or swap the error.
// Requests only become Request objects when some middleware is registered.
import type { Middleware, MiddlewareCallbackParams } from "openapi-fetch";

export type { Middleware, MiddlewareCallbackParams };

/** What every hook of one call sees besides the request: the same across that call's attempts. */
export type MiddlewareContext = Omit<MiddlewareCallbackParams, "request">;

/** One call's middleware and context, or undefined when it has none (the fast path). */
export interface CallMiddleware {
  chain: readonly Middleware[];
  context: MiddlewareContext;
}

/** Adds middleware the way openapi-fetch's `use` does: nullish entries are skipped, anything without a hook is refused. */
export function addMiddleware(registered: Middleware[], added: readonly (Middleware | null | undefined)[]): void {
  for (const middleware of added) {
    if (!middleware) continue;
    if (typeof middleware !== "object" || !("onRequest" in middleware || "onResponse" in middleware || "onError" in middleware)) {
      throw new TypeError("A middleware must be an object with at least one of onRequest, onResponse or onError");
    }
    registered.push(middleware);
  }
}

export function removeMiddleware(registered: Middleware[], removed: readonly Middleware[]): void {
  for (const middleware of removed) {
    const index = registered.indexOf(middleware);
    if (index !== -1) registered.splice(index, 1);
  }
}

/** The client's middleware followed by the call's own, frozen for the call so `use` during it has no effect on it. */
export function middlewareForCall(registered: readonly Middleware[], perCall: readonly Middleware[] | undefined): readonly Middleware[] | undefined {
  if (perCall?.length) return [...registered, ...perCall];
  return registered.length ? registered.slice() : undefined;
}

let lastId = 0;
/** openapi-fetch gives every call an id so hooks can pair a request with its response. */
export function nextRequestId(): string {
  lastId = (lastId + 1) % Number.MAX_SAFE_INTEGER;
  return `${lastId.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * One attempt through the hooks. `send` performs the fetch of the final request and throws the
 * client's own error (TimeoutError, NetworkError, …) when there is no answer.
 */
export async function runMiddleware(
  { chain, context }: CallMiddleware,
  firstRequest: Request,
  send: (request: Request) => Promise<Response>,
): Promise<Response> {
  let request = firstRequest;
  for (const middleware of chain) {
    if (typeof middleware.onRequest !== "function") continue;
    const result = await middleware.onRequest({ ...context, request });
    if (result === undefined || result === null) continue;
    if (result instanceof Request) request = result;
    // An answer from onRequest stands in for the fetch: openapi-fetch then skips every other hook.
    else if (result instanceof Response) return result;
    else throw badReturn("onRequest", "a Request, a Response");
  }

  let response: Response | undefined;
  try {
    response = await send(request);
  } catch (caught) {
    let error: unknown = caught;
    for (let index = chain.length - 1; index >= 0; index--) {
      const onError = chain[index]!.onError;
      if (typeof onError !== "function") continue;
      const result = await onError({ ...context, request, error });
      if (result === undefined || result === null) continue;
      if (result instanceof Response) {
        response = result;
        break;
      }
      if (result instanceof Error) error = result;
      else throw badReturn("onError", "a Response, an Error");
    }
    if (response === undefined) throw error;
  }

  for (let index = chain.length - 1; index >= 0; index--) {
    const onResponse = chain[index]!.onResponse;
    if (typeof onResponse !== "function") continue;
    const result = await onResponse({ ...context, request, response });
    if (result === undefined || result === null) continue;
    if (!(result instanceof Response)) throw badReturn("onResponse", "a Response");
    response = result;
  }
  return response;
}

function badReturn(hook: string, allowed: string) {
  return new TypeError(`${hook} must return ${allowed} or nothing`);
}
