// The emulator: Postmark's behaviour over a store. It answers the calls that passed the front, one
// typed handler per operation (handlers/), and offers the rest of the local Postmark a small API
// of commands and queries (sent messages, events on demand, inbound mail, servers, resets): the
// only way anything outside the core reads or changes state. Every call and command is one unit
// of work in the store; what it emitted is published once it is committed.
// It imports nothing from Node, so it runs behind the HTTP server, in-process, or in a browser.
import { accountMailbox, accountMailboxName, confirmSignature } from "./signature-confirmation.js";
import type { Answer, OperationCall, Responder } from "../protocol/call.js";
import { fail, PostmarkError } from "../protocol/errors.js";
import type { MockApiSchemas } from "../protocol/spec-types.js";
import { clearServerMail, serverById, serverByToken, serverForToken, testToken } from "./account.js";
import type { PublishedEvent } from "./events.js";
import { answeredWithExamples, type Handler, type HandlerContext } from "./handler.js";
import { handlers } from "./handlers/index.js";
import { simulateOutcome } from "./outcomes.js";
import { readSmtpMessage } from "./mail/smtp-message.js";
import { sweep, sweepIntervalMs, usedAtResolutionMs } from "./retention.js";
import { receiveInbound, type InboundInit } from "./receiving.js";
import { deleteStoredMessage, findStoredMessage, searchMessages, withEvents, type MessageSearch, type SentMessageRecord } from "./sent-messages.js";
import { collectionNames, type OutboundRecord } from "./store/collections.js";
import { createMemoryStore } from "./store/memory-store.js";
import { StoreFailure, type Page, type Store, type Transaction, type UnitOptions } from "./store/store.js";
import type { OperationId, Schemas } from "./types.js";
import { postsFor } from "./webhook-targets.js";
import { acceptSmtpMessage, createSmtpToken, smtpLogin, smtpTokensOf, type SmtpAccepted, type SmtpEnvelope, type SmtpLogin, type SmtpLoginOutcome, type SmtpToken } from "./smtp.js";
import { startWork, type EmulatorNotice, type EmulatorSettings, type Work } from "./work.js";
import { randomUuid } from "./random-uuid.js";

export type { EmulatorNotice, EmulatorSettings } from "./work.js";
export type { SmtpAccepted, SmtpEnvelope, SmtpLogin, SmtpLoginOutcome, SmtpToken } from "./smtp.js";

export interface EmulatorOptions extends Partial<EmulatorSettings> {
  /** where state is kept (default: a new in-memory store) */
  store?: Store;
  now?: () => Date;
  uuid?: () => string;
  /** answers the operations named as answered with the spec's documented examples */
  fallback?: Responder;
}

/** A server as the mock's own API lists it. */
export interface ServerSummary {
  ID: number;
  Name: string;
  InboundAddress: string;
  MessageCount: number;
}

/** A sent message with its events and the name of the server that sent it. */
export interface StoredMessage extends SentMessageRecord {
  serverName: string;
}

export type SimulatedEvent = MockApiSchemas["SimulatedEvent"];
export type SimulatedEventResult = MockApiSchemas["SimulatedEventResult"];

export interface Emulator {
  /** answers one call of Postmark's API */
  respond: Responder;
  /** operations the emulator answers with a handler of its own */
  readonly handled: ReadonlySet<OperationId>;
  /** calls the listener with every notice, after the change is committed, until the returned function is called */
  subscribe(listener: (notice: PublishedNotice) => void): () => void;
  /** every server, oldest first */
  servers(): Promise<ServerSummary[]>;
  /** a server by ID or by one of its server tokens (a token nothing used yet names none) */
  server(idOrToken: number | string): Promise<Schemas["Server"] | undefined>;
  messages: {
    find(messageId: string): Promise<StoredMessage | undefined>;
    /** newest first */
    search(search: MessageSearch, page?: { offset?: number; limit?: number }): Promise<Page<StoredMessage>>;
    /** forgets a message with its events, bounces, opens and clicks; false when there is no such message */
    delete(messageId: string): Promise<boolean>;
  };
  /** makes an event happen to a sent message (delivery, bounce, open, click, spam complaint, subscription change) */
  simulate(messageId: string, event: SimulatedEvent): Promise<SimulatedEventResult>;
  /** a server receives an email on its inbound stream */
  receive(serverId: number, init: InboundInit): Promise<Schemas["InboundMessageDetails"]>;
  /** Postmark's SMTP service: what an SMTP adapter calls */
  smtp: {
    /** checks a login; `passwordMatches` says whether the client's password is the given secret */
    login(username: string, passwordMatches: (secret: string) => boolean): Promise<SmtpLoginOutcome>;
    /** takes one message (its raw bytes and envelope) for a logged-in server */
    send(login: SmtpLogin, envelope: SmtpEnvelope, raw: Uint8Array): Promise<SmtpAccepted>;
    /** a new SMTP token for a server's sending stream (the server by ID or server token) */
    createToken(server: number | string, stream: string): Promise<SmtpToken>;
    /** a server's SMTP tokens, oldest first */
    tokens(serverId: number): Promise<SmtpToken[]>;
  };
  senders: {
    /** follows a confirmation email's link: the signature's address once confirmed, or undefined when the link names none */
    confirm(confirmationMessageId: string): Promise<string | undefined>;
  };
  /** forgets everything, or what one server sent and received (its setup stays) */
  reset(serverId?: number): Promise<void>;
  /** stops taking work and closes the store */
  close(): Promise<void>;
}

/** A notice as listeners get it: an event comes with the webhook posts it needs. */
export type PublishedNotice = Exclude<EmulatorNotice, { type: "event" }> | ({ type: "event" } & PublishedEvent);

const defaultSettings: EmulatorSettings = { strictSenders: false, maxMessagesPerServer: 10_000, allowServerDeletion: true };

/** What another replica's unit did, as it announced it. */
type RemoteNotice = Exclude<EmulatorNotice, { type: "event" }>;

/** NOTIFY takes up to 8,000 bytes: a bulk send's notices go in several announcements. */
const noticesPerAnnouncement = 40;

/** Tells replicas sharing the store what a unit did; an event is a change to its message. */
async function announce(send: NonNullable<Transaction["announce"]>, published: PublishedNotice[]): Promise<void> {
  const notices: RemoteNotice[] = published.flatMap((notice): RemoteNotice[] => {
    if (notice.type !== "event") return [notice];
    return notice.event.type === "Inbound" ? [] : [{ type: "changed", serverId: notice.event.serverId, messageId: notice.event.messageId }];
  });
  for (let i = 0; i < notices.length; i += noticesPerAnnouncement) await send(notices.slice(i, i + noticesPerAnnouncement));
}

/** Thrown inside a test-token call's unit of work so that the store undoes it; carries the result. */
class Undo<T> {
  constructor(readonly result: T) {}
}

/** Runs a unit of work whose writes are undone, and resolves with what it returned (the test token's way). */
async function undone<T>(unit: (action: (work: Work) => Promise<never>) => Promise<never>, action: (work: Work) => Promise<T>): Promise<T> {
  try {
    return await unit(async (work) => {
      throw new Undo(await action(work));
    });
  } catch (error) {
    if (error instanceof Undo) return error.result as T;
    throw error;
  }
}

/** ErrorCode 1: what Postmark's 500 answers carry. */
const internalError = 1;

/** ErrorCode 701: Postmark's "message doesn't exist". */
const messageNotFound = 701;

/** Methods whose calls mean to read (a token's first use still makes its server). */
const readsOnly = new Set(["GET", "HEAD"]);
const reading = { intent: "read" } as const;

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const store = options.store ?? createMemoryStore();
  const settings: EmulatorSettings = {
    strictSenders: options.strictSenders ?? defaultSettings.strictSenders,
    maxMessagesPerServer: options.maxMessagesPerServer ?? defaultSettings.maxMessagesPerServer,
    allowServerDeletion: options.allowServerDeletion ?? defaultSettings.allowServerDeletion,
    maxTotalMessages: options.maxTotalMessages,
    maxAgeMs: options.maxAgeMs,
  };
  const services = { settings, now: options.now ?? (() => new Date()), uuid: options.uuid ?? randomUuid };
  const listeners = new Set<(notice: PublishedNotice) => void>();
  const table = handlers as Record<OperationId, Handler<OperationId> | typeof answeredWithExamples>;

  /** A unit of work in the store; a store that could not keep it answers Postmark's 500, with why. */
  async function transaction<T>(work: (tx: Transaction) => Promise<T>, unitOptions?: UnitOptions): Promise<T> {
    try {
      return await store.transaction(work, unitOptions);
    } catch (error) {
      if (error instanceof StoreFailure) throw new PostmarkError(500, internalError, error.message);
      throw error;
    }
  }

  /** Runs one unit of work and, once committed, tells the listeners what it did. */
  async function unit<T>(action: (work: Work) => Promise<T>, intent?: UnitOptions["intent"]): Promise<T> {
    const held: EmulatorNotice[] = [];
    const published: PublishedNotice[] = [];
    const result = await transaction(async (tx) => {
      held.length = 0;
      published.length = 0;
      const value = await action(startWork(tx, services, held));
      for (const notice of held) {
        if (notice.type !== "event") {
          published.push(notice);
          continue;
        }
        const posts = await postsFor(tx, notice.event);
        // A store shared by replicas keeps the posts with the change, for whichever replica takes them.
        if (tx.enqueue) for (const post of posts) await tx.enqueue({ event: notice.event, post, traceId: services.uuid() }, Date.now());
        published.push({ type: "event", event: notice.event, posts: tx.enqueue ? [] : posts });
      }
      if (tx.announce) await announce(tx.announce, published);
      return value;
    }, intent ? { intent } : undefined);
    for (const notice of published) for (const listener of listeners) listener(notice);
    sweepWhenDue();
    return result;
  }

  // Replicas sharing the store hear of each other's messages and resets (events stay with the replica
  // that recorded them: their webhook posts are in the store's queue).
  store.listen?.((notice) => {
    for (const remote of notice as RemoteNotice[]) for (const listener of listeners) listener(remote);
  });

  // The store-wide limits run as a unit of their own after another, at most once per interval of
  // the emulator's clock; the answer that set one off does not wait for it.
  let lastSweep = -Infinity;
  let lastServerSweep = -Infinity;
  let sweeping: Promise<void> | undefined;
  function sweepWhenDue(): void {
    if (settings.maxTotalMessages === undefined && settings.maxAgeMs === undefined) return;
    const now = services.now().getTime();
    if (sweeping || now - lastSweep < sweepIntervalMs) return;
    lastSweep = now;
    const servers = settings.maxAgeMs !== undefined && now - lastServerSweep >= usedAtResolutionMs(settings.maxAgeMs);
    if (servers) lastServerSweep = now;
    sweeping = transaction((tx) => sweep(startWork(tx, services, []), { servers }))
      .catch(() => undefined)
      .finally(() => (sweeping = undefined));
  }

  async function respond(call: OperationCall): Promise<Answer> {
    const handler = table[call.operationId];
    if (handler === answeredWithExamples) {
      if (!options.fallback) throw new Error(`The emulator answers ${call.operationId} with the spec's examples, and no responder for them was given.`);
      return options.fallback(call);
    }
    const isTestToken = call.tokenKind === "server" && call.token === testToken;
    const intent = readsOnly.has(call.method.toUpperCase()) ? "read" : undefined;
    // The test token keeps nothing: its unit of work is undone, and only the answer stays.
    if (isTestToken) return undone((action) => unit(action, intent), (work) => handler(contextFor(call, work, isTestToken)));
    return unit((work) => handler(contextFor(call, work, isTestToken)), intent);
  }

  async function located(messageId: string): Promise<StoredMessage | undefined> {
    return transaction(async (tx) => {
      const record = await findStoredMessage(tx, messageId);
      return record ? describe(tx, record) : undefined;
    }, reading);
  }

  async function describe(tx: Transaction, record: OutboundRecord): Promise<StoredMessage> {
    const server = await serverById(tx, record.serverId);
    return { ...(await withEvents(tx, record)), serverName: record.serverId === accountMailbox ? accountMailboxName : (server?.server.Name ?? "") };
  }

  return {
    respond,
    handled: new Set((Object.keys(table) as OperationId[]).filter((id) => table[id] !== answeredWithExamples)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    servers: () =>
      transaction(async (tx) => {
        const servers = await tx.servers.find({ order: "oldest" });
        return Promise.all(
          servers.map(async ({ server }) => ({ ID: server.ID, Name: server.Name, InboundAddress: server.InboundAddress ?? "", MessageCount: await tx.outbound.count({ scope: server.ID }) })),
        );
      }, reading),
    server: (idOrToken) => transaction(async (tx) => (typeof idOrToken === "number" ? await serverById(tx, idOrToken) : await serverByToken(tx, idOrToken))?.server, reading),
    messages: {
      find: located,
      search: (search, page = {}) =>
        transaction(async (tx) => {
          const found = await searchMessages(tx, search, page);
          return { total: found.total, items: await Promise.all(found.items.map((record) => describe(tx, record))) };
        }, reading),
      delete: (messageId) =>
        unit(async (work) => {
          const record = await findStoredMessage(work.tx, messageId);
          if (!record) return false;
          await deleteStoredMessage(work.tx, record);
          work.notify({ type: "changed", serverId: record.serverId, messageId: record.details.MessageID });
          return true;
        }),
    },
    simulate: (messageId, event) =>
      unit(async (work) => {
        const record = (await findStoredMessage(work.tx, messageId)) ?? notFound(messageId);
        const result = await simulateOutcome(work, record, event);
        work.notify({ type: "changed", serverId: record.serverId, messageId: record.details.MessageID });
        return result;
      }),
    receive: (serverId, init) =>
      unit(async (work) => {
        const server = (await serverById(work.tx, serverId))?.server ?? fail(404, 601, `No server has the ID ${serverId}.`);
        return (await receiveInbound(work, server, init)).details;
      }),
    smtp: {
      login: (username, passwordMatches) => unit((work) => smtpLogin(work, username, passwordMatches)),
      async send(login, envelope, raw) {
        // Parsed before the unit of work, which then holds the store only for the rules and the writes.
        const message = await readSmtpMessage(raw, envelope);
        return login.test ? undone(unit, (work) => acceptSmtpMessage(work, login, message)) : unit((work) => acceptSmtpMessage(work, login, message));
      },
      createToken: (server, stream) => unit((work) => createSmtpToken(work, server, stream)),
      tokens: (serverId) => transaction((tx) => smtpTokensOf({ tx }, serverId), reading),
    },
    senders: {
      confirm: (confirmationMessageId) => unit((work) => confirmSignature(work, confirmationMessageId)),
    },
    reset: (serverId) =>
      unit(async (work) => {
        if (serverId === undefined) {
          for (const name of collectionNames) await work.tx[name].deleteWhere({});
        } else {
          await clearServerMail(work.tx, serverId);
        }
        work.notify(serverId === undefined ? { type: "reset" } : { type: "reset", serverId });
      }),
    close: async () => {
      await sweeping;
      await store.close();
    },
  };
}

function notFound(messageId: string): never {
  throw new PostmarkError(404, messageNotFound, `No sent message has the MessageID ${messageId}.`);
}

/** What a handler gets: the bound call and the unit of work it runs in. */
function contextFor(call: OperationCall, work: Work, isTestToken: boolean): HandlerContext<OperationId> {
  let server: ReturnType<HandlerContext<OperationId>["server"]> | undefined;
  return {
    ...work,
    operationId: call.operationId,
    pathParams: call.pathParams as never,
    query: call.query as never,
    body: call.body as never,
    headers: call.headers,
    // Every operation of Postmark's API takes a token: the front has made sure of it.
    tokenKind: call.tokenKind === "account" ? "account" : "server",
    token: call.token,
    isTestToken,
    server() {
      if (call.tokenKind !== "server") throw new PostmarkError(401, 10, "This operation needs a server token.");
      server ??= serverForToken(work, call.token);
      return server;
    },
  };
}
