// The program every runtime runs, from the packed client as a user installs it. It uses only what
// all of them have (fetch, Request, Response, AbortController, timers), takes its addresses as an
// argument, and returns one result per check instead of printing, so each runtime's entry can
// report in its own way. It is also the consumer that is type-checked under deno check and tsc.
import {
  ConfigurationError,
  InvalidRequestError,
  NetworkError,
  TimeoutError,
  createPostmarkClient,
  createPostmarkCore,
  getCurrentServer,
  middlewareStack,
  paginate,
  sendEmailsInBatches,
  type BatchMessage,
  type Middleware,
  type PostmarkClient,
} from "@postmark-openapi/client";

export interface ProgramConfig {
  /** The Postmark API (the mock), or a same-origin path to it. */
  apiUrl: string;
  /** An address that accepts connections and never answers. */
  hangUrl: string;
  /** An address where nothing listens. */
  refusedUrl: string;
  serverToken: string;
}

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

type Check = [name: string, run: (config: ProgramConfig) => Promise<string>];

/** Records every request the client sends, through the client's own middleware. */
function recordRequests(client: PostmarkClient): URL[] {
  const seen: URL[] = [];
  const recorder: Middleware = {
    onRequest({ request }) {
      seen.push(new URL(request.url));
    },
  };
  client.use(recorder);
  return seen;
}

function expect(condition: boolean, failure: string): void {
  if (!condition) throw new Error(failure);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded but should have failed");
}

const checks: Check[] = [
  [
    "named call",
    async ({ apiUrl, serverToken }) => {
      const server = await createPostmarkClient({ serverToken, baseUrl: apiUrl }).getCurrentServer();
      expect(typeof server.ID === "number" && typeof server.Name === "string", "no server ID and Name");
      return `getCurrentServer → ${server.Name} (${server.ID})`;
    },
  ],
  [
    "path-typed call",
    async ({ apiUrl, serverToken }) => {
      const client = createPostmarkClient({ serverToken, baseUrl: apiUrl });
      const { data, error, response } = await client.GET("/bounces/{bounceid}", { params: { path: { bounceid: 692560173 } } });
      expect(error === undefined && data !== undefined, `HTTP ${response.status}`);
      return `GET /bounces/{bounceid} → ${response.status}, bounce ${data?.ID} of ${data?.Email}`;
    },
  ],
  [
    "operation function on a core client",
    async ({ apiUrl, serverToken }) => {
      const seen: string[] = [];
      const hooks = middlewareStack({ onRequest: ({ request }) => void seen.push(new URL(request.url).pathname) });
      const server = await getCurrentServer(createPostmarkCore({ serverToken, baseUrl: apiUrl, middleware: hooks }));
      expect(typeof server.ID === "number" && seen.length === 1 && seen[0]!.endsWith("/server"), `server ${server.ID}, middleware saw ${seen.join()}`);
      return `getCurrentServer(createPostmarkCore(…)) → ${server.Name} (${server.ID}), through its middleware stack`;
    },
  ],
  [
    "paginate over two pages",
    async ({ apiUrl, serverToken }) => {
      const client = createPostmarkClient({ serverToken, baseUrl: apiUrl });
      const requests = recordRequests(client);
      const items = [];
      // Two records per page, stopped after the fourth record: two requests.
      for await (const bounce of paginate(client, "listBounces", undefined, { pageSize: 2 })) {
        items.push(bounce.ID);
        if (items.length === 4) break;
      }
      const offsets = requests.map((url) => url.searchParams.get("offset")).join(",");
      expect(items.length === 4 && offsets === "0,2", `${items.length} records from offsets ${offsets}`);
      return `listBounces, pageSize 2 → ${items.length} records from offsets ${offsets}`;
    },
  ],
  [
    "batch",
    async ({ apiUrl, serverToken }) => {
      const client = createPostmarkClient({ serverToken, baseUrl: apiUrl });
      const requests = recordRequests(client);
      const messages: BatchMessage[] = ["ann", "bob", "cat", "dan"].map((name) => ({ From: "hello@example.com", To: `${name}@example.org`, Subject: "Hi", TextBody: "Hello" }));
      const { results, accepted } = await sendEmailsInBatches(client, messages, { chunkSize: 2 });
      expect(results.length === 4 && results.every((result, index) => result.index === index) && requests.length === 2, `${results.length} results from ${requests.length} requests`);
      return `4 messages in chunks of 2 → ${requests.length} requests, ${results.length} results, ${accepted.length} accepted`;
    },
  ],
  [
    "typed 422 error",
    async ({ apiUrl, serverToken }) => {
      const client = createPostmarkClient({ serverToken, baseUrl: apiUrl });
      const error = await rejection(
        // @ts-expect-error Postmark refuses a message with neither TextBody nor HtmlBody, and so do the types.
        client.sendEmail({ body: { From: "hello@example.com", To: "ann@example.org", Subject: "No body" } }),
      );
      expect(error instanceof InvalidRequestError && error.status === 422 && error.errorCode === 300, `got ${String(error)}`);
      return `sendEmail without a body → ${(error as InvalidRequestError).name}, HTTP 422, ErrorCode ${(error as InvalidRequestError).errorCode}`;
    },
  ],
  [
    "ConfigurationError for a missing token",
    async ({ apiUrl, serverToken }) => {
      const client = createPostmarkClient({ serverToken, baseUrl: apiUrl });
      const requests = recordRequests(client);
      const error = await rejection(client.listDomains({ params: { query: { count: 10, offset: 0 } } }));
      expect(error instanceof ConfigurationError && requests.length === 0, `got ${String(error)} after ${requests.length} requests`);
      return `listDomains without accountToken → ${(error as ConfigurationError).name}, nothing sent`;
    },
  ],
  [
    "TimeoutError",
    async ({ hangUrl, serverToken }) => {
      const client = createPostmarkClient({ serverToken, baseUrl: hangUrl, timeoutMs: 300, retry: false });
      const started = Date.now();
      const error = await rejection(client.getCurrentServer());
      const elapsed = Date.now() - started;
      expect(error instanceof TimeoutError && elapsed < 5_000, `got ${String(error)} after ${elapsed} ms`);
      return `server that never answers, timeoutMs 300 → ${(error as TimeoutError).name} after ${elapsed} ms`;
    },
  ],
  [
    "NetworkError when nothing listens",
    async ({ refusedUrl, serverToken }) => {
      const client = createPostmarkClient({ serverToken, baseUrl: refusedUrl, retry: false });
      const error = await rejection(client.getCurrentServer());
      expect(error instanceof NetworkError, `got ${String(error)}`);
      return `closed port → ${(error as NetworkError).name}: ${(error as NetworkError).message}`;
    },
  ],
  [
    "the runtime's own fetch as the option",
    async ({ apiUrl, serverToken }) => {
      const client = createPostmarkClient({ serverToken, baseUrl: apiUrl, fetch: globalThis.fetch, retry: false });
      const named = await client.getCurrentServer();
      const { data, error } = await client.GET("/server");
      // With middleware the runtime's fetch receives Request objects.
      const requests = recordRequests(client);
      const viaMiddleware = await client.getCurrentServer();
      expect(named.ID === data?.ID && error === undefined && viaMiddleware.ID === named.ID && requests.length === 1, "the three calls disagree");
      return "fetch: globalThis.fetch → named, path-typed and middleware calls answered";
    },
  ],
];

/** Runs every check, each on its own so one failure does not hide the others. */
export async function runChecks(config: ProgramConfig): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [check, run] of checks) {
    try {
      results.push({ check, ok: true, detail: await run(config) });
    } catch (error) {
      results.push({ check, ok: false, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return results;
}
