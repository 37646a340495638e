// A scripted fetch for tests: records every request and answers from a handler.
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export type Handler = (request: RecordedRequest, attempt: number) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

export function fakeFetch(handler: Handler = () => json({})) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | Request, init: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    if (request.signal.aborted) throw request.signal.reason;
    return handler(recorded, requests.length);
  };
  return { fetch, requests };
}

/** A fetch that never answers until its request is aborted. */
export function hangingFetch() {
  let calls = 0;
  const fetch = (input: string | Request, init: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      calls++;
      // As fetch does: the init's signal, else the Request's own.
      const signal = init.signal ?? (input as Request).signal;
      signal.addEventListener("abort", () => reject(signal.reason ?? new DOMException("aborted", "AbortError")), { once: true });
    });
  return { fetch, calls: () => calls };
}

export const serverToken = "server-token-0b5e3c1d";
export const accountToken = "account-token-7f2a9e44";
