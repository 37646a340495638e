// The four ways to call Postmark that the client benchmarks compare. Each is loaded on demand, so
// a process that measures one client never loads the others.
import type { Middleware, paths } from "@postmark-openapi/client";
import { message, serverToken } from "./payloads.js";

export const clientKinds = ["fetch", "openapi-fetch", "official", "ours"] as const;

export type ClientKind = (typeof clientKinds)[number];

export const clientLabels: Record<ClientKind, string> = {
  fetch: "plain fetch",
  "openapi-fetch": "openapi-fetch alone",
  official: "official `postmark`",
  ours: "ours (`@postmark-openapi/client`)",
};

/** Imports a client library; resolves with what `create` needs. */
export type ClientLibrary = Awaited<ReturnType<typeof importClient>>;

export async function importClient(kind: string) {
  switch (kind) {
    case "fetch":
      return undefined;
    case "openapi-fetch":
      return (await import("openapi-fetch")).default;
    case "official":
      return (await import("postmark")).default;
    case "ours":
      return (await import("@postmark-openapi/client")).createPostmarkClient;
    default:
      throw new Error(`Unknown client: ${kind}`);
  }
}

/** The clients that take openapi-fetch's middleware. */
export const middlewareKinds = ["ours", "openapi-fetch"] as const satisfies readonly ClientKind[];

/**
 * Creates the client against `baseUrl` and returns `sendEmail()`, which sends `message` and
 * resolves with the parsed answer (rejecting on anything but a send response). `middleware`, when
 * given, is registered with `use` (only the clients in `middlewareKinds` take it).
 */
export function createSender(kind: string, library: ClientLibrary, baseUrl: string, middleware: Middleware[] = []): () => Promise<unknown> {
  if (middleware.length > 0 && !(middlewareKinds as readonly string[]).includes(kind)) throw new Error(`${kind} takes no middleware`);
  const check = (answer: unknown): unknown => {
    if ((answer as { MessageID?: unknown } | undefined)?.MessageID === undefined) throw new Error(`Unexpected answer: ${JSON.stringify(answer)}`);
    return answer;
  };
  switch (kind) {
    case "fetch": {
      const url = `${baseUrl}/email`;
      const headers = { Accept: "application/json", "Content-Type": "application/json", "X-Postmark-Server-Token": serverToken };
      return async () => {
        const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(message) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return check(await response.json());
      };
    }
    case "openapi-fetch": {
      const client = (library as typeof import("openapi-fetch").default)<paths>({ baseUrl, headers: { Accept: "application/json", "X-Postmark-Server-Token": serverToken } });
      client.use(...middleware);
      return async () => {
        const { data, error } = await client.POST("/email", { body: message });
        if (error !== undefined) throw new Error(`Postmark error: ${JSON.stringify(error)}`);
        return check(data);
      };
    }
    case "official": {
      const client = new (library as typeof import("postmark")).ServerClient(serverToken, { useHttps: false, requestHost: new URL(baseUrl).host });
      return async () => check(await client.sendEmail(message));
    }
    case "ours": {
      const client = (library as typeof import("@postmark-openapi/client").createPostmarkClient)({ serverToken, baseUrl });
      client.use(...middleware);
      return async () => check(await client.sendEmail({ body: message }));
    }
    default:
      throw new Error(`Unknown client: ${kind}`);
  }
}
