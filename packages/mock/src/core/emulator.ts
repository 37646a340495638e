// The emulator: Postmark's behaviour on plain state. It answers calls that passed the front, one
// handler per operation (grouped by API group under groups/), and records events as they happen.
// It imports nothing from Node, so it runs behind the HTTP server, in-process, or in a browser.
import type { Answer, OperationCall, Responder } from "../front/front.js";
import { createContext, type Context, type EmulatorSettings, type Handler } from "./context.js";
import type { EmulatorEvent } from "./events.js";
import { handlers } from "./groups/index.js";
import { emptyState, stateVersion, type State } from "./state.js";
import type { OperationId } from "./types.js";

export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /** state to start from (e.g. read back from disk); default empty */
  state?: State;
  now?: () => Date;
  uuid?: () => string;
  /** called after every call that may have changed the state */
  onChange?: () => void;
  /** called for every event the emulator records */
  onEvent?: (event: EmulatorEvent) => void;
  /** answers operations the emulator has no handler for */
  fallback?: Responder;
}

/** What a listener hears as it happens: a message stored, an event recorded, a reset. */
export type EmulatorNotice =
  | { type: "sent"; serverId: number; messageId: string }
  | { type: "event"; event: EmulatorEvent }
  | { type: "reset"; serverId?: number };

export interface Emulator {
  respond: Responder;
  readonly state: State;
  /** forgets everything, or one server's messages and records */
  reset(serverId?: number): void;
  /** operations the emulator handles itself */
  readonly handled: ReadonlySet<OperationId>;
  /** calls the listener on every notice until the returned function is called */
  subscribe(listener: (notice: EmulatorNotice) => void): () => void;
  /**
   * Runs a change made outside Postmark's API (the mock's own API) with what a handler gets: the
   * clock, ids and the event channel. The context has no token, so `context.server()` throws.
   */
  act<T>(action: (context: Context) => T): T;
}

const defaultSettings: EmulatorSettings = { strictSenders: false, maxMessagesPerServer: 10_000, allowServerDeletion: true };

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  let state = options.state ?? emptyState();
  if (state.version !== stateVersion) throw new Error(`Stored state has version ${String(state.version)}; this emulator reads version ${stateVersion}.`);
  const settings: EmulatorSettings = {
    strictSenders: options.strictSenders ?? defaultSettings.strictSenders,
    maxMessagesPerServer: options.maxMessagesPerServer ?? defaultSettings.maxMessagesPerServer,
    allowServerDeletion: options.allowServerDeletion ?? defaultSettings.allowServerDeletion,
  };
  const listeners = new Set<(notice: EmulatorNotice) => void>();
  const notify = (notice: EmulatorNotice) => {
    for (const listener of listeners) listener(notice);
  };
  const services = {
    now: options.now ?? (() => new Date()),
    uuid: options.uuid ?? (() => crypto.randomUUID()),
    emit: (event: EmulatorEvent) => {
      options.onEvent?.(event);
      notify({ type: "event", event });
    },
    sent: (serverId: number, messageId: string) => notify({ type: "sent", serverId, messageId }),
    changed: () => options.onChange?.(),
  };
  const table = handlers as Partial<Record<OperationId, Handler>>;

  async function respond(call: OperationCall): Promise<Answer> {
    const handler = table[call.operationId];
    if (!handler) {
      if (options.fallback) return options.fallback(call);
      throw new Error(`The emulator has no handler for ${call.operationId}.`);
    }
    const context = createContext(call, state, settings, services);
    const answer = await handler(context);
    if (call.method !== "GET") services.changed();
    return answer;
  }

  return {
    respond,
    get state() {
      return state;
    },
    reset(serverId) {
      if (serverId === undefined) {
        state = emptyState();
      } else {
        const server = state.servers[serverId];
        if (server) {
          Object.assign(server, { outbound: [], inbound: [], bounces: [], suppressions: {}, opens: [], clicks: [], bulkRequests: [] });
        }
      }
      services.changed();
      notify(serverId === undefined ? { type: "reset" } : { type: "reset", serverId });
    },
    handled: new Set(Object.keys(table) as OperationId[]),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    act(action) {
      const call: OperationCall = { operationId: "mockApi" as OperationId, method: "POST", path: "/__mock/api", pathParams: {}, query: {}, body: undefined, headers: {}, tokenKind: "account", token: "" };
      const result = action(createContext(call, state, settings, services));
      services.changed();
      return result;
    },
  };
}
