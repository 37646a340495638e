// What an operation handler gets: the validated call, the state, and the few services every
// group needs (the clock, ids, the server the token belongs to, events). Handlers stay thin:
// they read and change plain state and return the spec's answer.
import type { Answer, OperationCall } from "../front/front.js";
import { PostmarkError } from "../front/errors.js";
import { addServer, serverNameTaken } from "./server-index.js";
import { newServerState, type ServerState, type State } from "./state.js";
import { postmarkTimestamp } from "./time.js";
import type { EmulatorEvent } from "./events.js";

/** The server token Postmark reserves for trying the API: requests are checked, nothing is kept. */
export const testToken = "POSTMARK_API_TEST";

export interface EmulatorSettings {
  /** refuse `From` addresses without a confirmed sender signature or verified domain (ErrorCode 400) */
  strictSenders: boolean;
  /** the most outbound messages kept per server; the oldest go first */
  maxMessagesPerServer: number;
  /**
   * whether `DELETE /servers/{serverid}` works. Postmark turns API deletion of servers on per
   * account, on request; the local account has it on unless this is false (then ErrorCode 604).
   */
  allowServerDeletion: boolean;
}

export interface Services {
  now(): Date;
  uuid(): string;
  emit(event: EmulatorEvent): void;
  sent(serverId: number, messageId: string): void;
  changed(): void;
}

export interface Context {
  call: OperationCall;
  state: State;
  settings: EmulatorSettings;
  /** the moment this call is handled */
  now: Date;
  /** `now` as Postmark writes it */
  timestamp: string;
  uuid(): string;
  nextId(kind: string): number;
  /** whether the call uses the `POSTMARK_API_TEST` server token */
  isTestToken: boolean;
  /** the server the call's server token belongs to, created on first use */
  server(): ServerState;
  /** records an event (delivery, bounce, open, …) for webhooks and the mock's own API */
  emit(event: EmulatorEvent): void;
  /** tells listeners (the inbox's live list) that a message was accepted and stored */
  sent(serverId: number, messageId: string): void;
  /** the body, typed as the caller expects (the front already validated it against the spec and removed its nulls) */
  body<T>(): Bound<T>;
  query<T = Record<string, unknown>>(): T;
  param(name: string): string;
}

/**
 * A request body as the front hands it over: the spec lets optional fields be null, but the front
 * reads null as "not given" and removes it, so no field of a bound body is null.
 */
export type Bound<T> = T extends null ? never : T extends readonly (infer Item)[] ? Bound<Item>[] : T extends object ? { [K in keyof T]: Bound<T[K]> } : T;

export type Handler = (context: Context) => Answer | Promise<Answer>;

export function createContext(call: OperationCall, state: State, settings: EmulatorSettings, services: Services): Context {
  const now = services.now();
  const nextId = (kind: string) => {
    const id = state.ids[kind] ?? 1;
    state.ids[kind] = id + 1;
    return id;
  };
  let server: ServerState | undefined;
  const context: Context = {
    call,
    state,
    settings,
    now,
    timestamp: postmarkTimestamp(now),
    uuid: () => services.uuid(),
    nextId,
    isTestToken: call.tokenKind === "server" && call.token === testToken,
    server() {
      if (server) return server;
      if (call.tokenKind !== "server") throw new PostmarkError(401, 10, "This operation needs a server token.");
      server = serverForToken(context, call.token);
      return server;
    },
    emit: (event) => services.emit(event),
    sent: (serverId, messageId) => services.sent(serverId, messageId),
    body: <T>() => (call.body ?? {}) as Bound<T>,
    query: <T>() => call.query as T,
    param: (name) => String(call.pathParams[name] ?? ""),
  };
  return context;
}

/** The server a token belongs to; an unknown token gets a fresh server of its own. */
function serverForToken(context: Context, token: string): ServerState {
  const { state } = context;
  // The test token never keeps anything: it sees an empty server that is thrown away.
  if (token === testToken) return newServerState({ id: 0, name: "Test server", token, createdAt: context.timestamp, inboundHash: "0".repeat(32) });
  const known = state.tokens[token];
  if (known !== undefined && state.servers[known]) return state.servers[known];
  const id = context.nextId("server");
  const created = newServerState({ id, name: uniqueServerName(state, `Server ${id}`), token, createdAt: context.timestamp, inboundHash: hashFor(context) });
  addServer(state, created, token);
  return created;
}

export function uniqueServerName(state: State, wanted: string): string {
  if (!serverNameTaken(state, wanted)) return wanted;
  for (let n = 2; ; n++) if (!serverNameTaken(state, `${wanted} (${n})`)) return `${wanted} (${n})`;
}

/** A 32-hex-digit inbound hash, like Postmark's. */
export function hashFor(context: Pick<Context, "uuid">): string {
  return context.uuid().replace(/-/g, "");
}

/** A server token, in the UUID form Postmark uses. */
export function newToken(context: Pick<Context, "uuid">): string {
  return context.uuid();
}
