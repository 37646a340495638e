// Turns openapi-fetch's init object into a request and the answer into `{ data, error, response }`,
// the way openapi-fetch does for Postmark's API (path parameters, form-style query, JSON bodies),
// without building Request objects unless middleware needs them.
import type { Middleware } from "openapi-fetch";

/** openapi-fetch's init object, as far as Postmark's API uses it. */
export interface RequestInitLike {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  body?: unknown;
  headers?: HeadersInit | Record<string, string | undefined>;
  signal?: AbortSignal | null;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
  /** Middleware for this call only, run after the client's own. */
  middleware?: readonly Middleware[] | undefined;
}

export interface PreparedRequest {
  url: string;
  /** Header names are lower case, as fetch's Headers has them, so that one name never appears twice. */
  init: RequestInit & { method: string; headers: Record<string, string> };
}

/** The URL's path with an operation's parameters: the template filled in, the query appended. */
export function pathWithParams(pathTemplate: string, params: RequestInitLike["params"]): string {
  const query = serializeQuery(params?.query);
  return `${fillPath(pathTemplate, params?.path)}${query ? `?${query}` : ""}`;
}

/** The request for a URL: the headers merged and the body serialised. */
export function prepareRequest(url: string, method: string, init: RequestInitLike, baseHeaders: Record<string, string>): PreparedRequest {
  const headers: Record<string, string> = { ...baseHeaders };
  mergeHeaders(headers, init.params?.header);
  mergeHeaders(headers, init.headers);
  const requestInit: PreparedRequest["init"] = { method, headers };
  if (init.body !== undefined) {
    requestInit.body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  if (init.signal) requestInit.signal = init.signal;
  return { url, init: requestInit };
}

/** Puts the encoded path parameters into the template; a missing one keeps its `{name}`. */
export function fillPath(pathTemplate: string, pathParams: Record<string, unknown> | undefined): string {
  if (!pathTemplate.includes("{")) return pathTemplate;
  return pathTemplate.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = pathParams?.[name];
    return value === undefined || value === null ? `{${name}}` : encodeURIComponent(String(value));
  });
}

/** Form style, exploded, like openapi-fetch: `a=1&tag=x&tag=y`; null and undefined are left out. */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(item instanceof Date ? item.toISOString() : String(item))}`);
  }
  return parts.join("&");
}

/** Sets or, for a null or undefined value, removes each header, by its lower-case name. */
export function mergeHeaders(target: Record<string, string>, source: RequestInitLike["headers"] | Record<string, unknown> | undefined): void {
  if (!source) return;
  const entries = source instanceof Headers ? source.entries() : Array.isArray(source) ? source : Object.entries(source);
  for (const [name, value] of entries as Iterable<[string, unknown]>) {
    const key = name.toLowerCase();
    if (value === undefined || value === null) delete target[key];
    else target[key] = String(value);
  }
}

export type FetchResult<Data = unknown, ErrorBody = unknown> =
  | { data: Data; error?: never; response: Response }
  | { data?: never; error: ErrorBody; response: Response };

/** Reads the answer as openapi-fetch does: the parsed body as `data` on success, as `error` otherwise. */
export async function readResponse(response: Response, parseAs: RequestInitLike["parseAs"] = "json"): Promise<FetchResult> {
  const contentLength = response.headers.get("content-length");
  if (response.status === 204 || (contentLength === "0" && !response.headers.get("transfer-encoding")?.includes("chunked"))) {
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (parseAs === "stream") return { data: response.body, response };
    if (parseAs !== "json") return { data: await response[parseAs](), response };
    const text = await response.text();
    return { data: text ? JSON.parse(text) : undefined, response };
  }
  const text = await response.text();
  let error: unknown = text;
  try {
    error = JSON.parse(text);
  } catch {
    // Not JSON (an HTML page from a proxy, say): keep the text.
  }
  return { error, response };
}
