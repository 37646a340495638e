// The page's only way to the local Postmark: the control API under /__mock/api, typed from its
// OpenAPI document (api/openapi.yaml, generated into ./generated).
import type { components, operations } from "../src/generated/mock-api-types.js";

export type Schemas = components["schemas"];
export type MessageSummary = Schemas["CapturedMessageSummary"];
export type Message = Schemas["CapturedMessage"];
export type MockServer = Schemas["MockServer"];
export type WebhookDelivery = Schemas["WebhookDelivery"];
export type SmtpToken = Schemas["SmtpToken"];
export type MessageQuery = NonNullable<operations["listCapturedMessages"]["parameters"]["query"]>;

export const apiBase = "/__mock/api";

/** A refusal of the control API, carrying its status and Postmark-shaped message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request(path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(apiBase + path, { ...init, headers: { accept: "application/json", ...init?.headers } });
  if (response.ok) return response;
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { Message?: unknown };
    if (typeof body.Message === "string") message = body.Message;
  } catch {
    // Not a JSON error body: the status line says enough.
  }
  throw new ApiError(response.status, message);
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await request(path, init)).json()) as T;
}

/** The query string for a message search, leaving out empty filters. */
export function queryString(query: MessageQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const messagePath = (id: string) => `/messages/${encodeURIComponent(id)}`;

export const api = {
  listMessages: (query: MessageQuery) => json<Schemas["CapturedMessageList"]>(`/messages${queryString(query)}`),
  getMessage: (id: string) => json<Message>(messagePath(id)),
  getSource: async (id: string) => (await request(`${messagePath(id)}/source`, { headers: { accept: "message/rfc822" } })).text(),
  deleteMessage: (id: string) => json<Schemas["Done"]>(messagePath(id), { method: "DELETE" }),
  listServers: async () => (await json<{ Servers: MockServer[] }>("/servers")).Servers,
  listSmtpTokens: async (serverId: number) => (await json<{ SmtpTokens: SmtpToken[] }>(`/servers/${serverId}/smtp-tokens`)).SmtpTokens,
  createSmtpToken: (serverId: number, stream: string) =>
    json<SmtpToken>(`/servers/${serverId}/smtp-tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ MessageStream: stream }) }),
  resetServer: (serverId: number) => json<Schemas["Done"]>(`/servers/${serverId}/reset`, { method: "POST" }),
  resetAll: () => json<Schemas["Done"]>("/reset", { method: "POST" }),
};

/** Addresses the page links to rather than fetches: the sandboxed HTML and attachment downloads. */
export const links = {
  html: (id: string, remote: boolean) => `${apiBase}${messagePath(id)}/html${remote ? "?remote=true" : ""}`,
  attachment: (id: string, index: number) => `${apiBase}${messagePath(id)}/attachments/${index}`,
  stream: `${apiBase}/stream`,
};
