// The four ways to call Postmark that the client benchmarks compare. Each is loaded on demand, so
// a process that measures one client never loads the others.
import { message, serverToken } from "./payloads.mjs";

export const clientKinds = ["fetch", "openapi-fetch", "official", "ours"];

export const clientLabels = {
  fetch: "plain fetch",
  "openapi-fetch": "openapi-fetch alone",
  official: "official `postmark`",
  ours: "ours (`@postmark-openapi/client`)",
};

/** Imports a client library; resolves with what `create` needs. */
export async function importClient(kind) {
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

/**
 * Creates the client against `baseUrl` and returns `sendEmail()`, which sends `message` and
 * resolves with the parsed answer (rejecting on anything but a send response).
 */
export function createSender(kind, library, baseUrl) {
  const check = (answer) => {
    if (answer?.MessageID === undefined) throw new Error(`Unexpected answer: ${JSON.stringify(answer)}`);
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
      const client = library({ baseUrl, headers: { Accept: "application/json", "X-Postmark-Server-Token": serverToken } });
      return async () => {
        const { data, error } = await client.POST("/email", { body: message });
        if (error !== undefined) throw new Error(`Postmark error: ${JSON.stringify(error)}`);
        return check(data);
      };
    }
    case "official": {
      const client = new library.ServerClient(serverToken, { useHttps: false, requestHost: new URL(baseUrl).host });
      return async () => check(await client.sendEmail(message));
    }
    case "ours": {
      const client = library({ serverToken, baseUrl });
      return async () => check(await client.sendEmail({ body: message }));
    }
    default:
      throw new Error(`Unknown client: ${kind}`);
  }
}
