// One webhook POST: the JSON body with the target's credentials and headers, bounded in time,
// cancelled when the dispatcher closes. Only the first kilobyte of the answer is kept.
import type { Schemas } from "../core/types.js";
import { utf8Binary } from "../core/mail/encoding.js";

const keptBodyBytes = 1024;

export interface PostRequest {
  /** without credentials */
  url: string;
  headers: Headers;
  body: string;
  timeoutMs: number;
  /** aborted when the dispatcher closes */
  signal: AbortSignal;
  fetch: typeof fetch;
}

export interface PostResult {
  /** null when no answer came */
  status: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
}

/** A URL's credentials split off: the URL to call and the Basic credentials it carried, if any. */
export function splitCredentials(url: string): { url: string; auth: Schemas["HttpAuth"] | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, auth: null };
  }
  if (parsed.username === "" && parsed.password === "") return { url, auth: null };
  const auth = { Username: decodeURIComponent(parsed.username), Password: decodeURIComponent(parsed.password) };
  parsed.username = "";
  parsed.password = "";
  return { url: parsed.href, auth };
}

/** The `Authorization` value of HTTP Basic authentication (UTF-8 credentials). */
export function basicAuthorization(auth: Schemas["HttpAuth"]): string {
  return `Basic ${btoa(utf8Binary(`${auth.Username}:${auth.Password}`))}`;
}

export async function postOnce(request: PostRequest): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  try {
    // Redirects are not followed: the answer of the configured URL is the outcome.
    const response = await request.fetch(request.url, { method: "POST", headers: request.headers, body: request.body, redirect: "manual", signal });
    const responseBody = await readStart(response);
    const error = response.ok ? null : `The receiver answered ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`;
    return { status: response.status, error, responseBody, durationMs: elapsed() };
  } catch (failure) {
    const error = timeout.aborted ? `No answer within ${request.timeoutMs} ms.` : request.signal.aborted ? "Cancelled: the mock is shutting down." : describe(failure);
    return { status: null, error, responseBody: null, durationMs: elapsed() };
  }
}

/** The first kilobyte of the answer, decoded as UTF-8; the rest is not read. */
async function readStart(response: Response): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < keptBodyBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder().decode(joined.subarray(0, keptBodyBytes));
}

/** A network failure in words: fetch hides the reason in `cause`. */
function describe(failure: unknown): string {
  const error = failure as { message?: string; cause?: { code?: string; message?: string } };
  const cause = error.cause?.code ?? error.cause?.message;
  return `The receiver could not be reached: ${cause ?? error.message ?? String(failure)}.`;
}
