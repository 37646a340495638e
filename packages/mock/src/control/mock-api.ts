// The mock's own API under /__mock/api: what the app sent, resets, events on demand, inbound
// email, faults and the webhook delivery log. Its operations come from its own OpenAPI document
// (api/openapi.yaml): the front that serves Postmark's API routes and checks them, and each has a
// handler typed by the document's generated contract, checked with `satisfies` like the emulator's.
// Everything it reads or changes goes through the emulator's API. Portable: no Node imports.
import type { Emulator, StoredMessage } from "../core/emulator.js";
import { decodeBase64 } from "../core/mail/encoding.js";
import { codesOf, linksOf } from "../message-content.js";
import type { Schemas } from "../core/types.js";
import type { Answer } from "../protocol/call.js";
import type { BoundRequest, DocumentedAnswer } from "../protocol/contract.js";
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import type { MockApiContracts } from "../protocol/spec-types.js";
import type { WebhookDispatcher } from "../webhooks/index.js";
import type { ChangeFeed } from "./changes.js";
import type { Faults } from "./faults.js";
import type { MismatchLog } from "../proxy/mismatches.js";
import { proxyMismatchHandlers } from "./proxy-mismatches.js";
import { inboundInit } from "./inbound-email.js";
import { attachmentDisposition, describeMessage, htmlPolicy, searchOf, summarise, type MessageFilter } from "./messages.js";
import type { MockApiOperationId, MockApiSchemas } from "./types.js";

/** The reserved prefix of the mock API: Postmark has no path under it. */
export const mockApiPrefix = "/__mock/api";

/** What a handler of the mock API is given: the bound request of its operation. */
export interface MockApiCall<Id extends MockApiOperationId> extends BoundRequest<MockApiContracts[Id]> {
  operationId: Id;
  /** aborted when the client goes away before its answer */
  signal?: AbortSignal;
}

/** One of the operation's documented answers; a body of another media type, or a stream of events. */
export type MockApiAnswer<Id extends MockApiOperationId> =
  | DocumentedAnswer<MockApiContracts[Id]>
  | { status: keyof MockApiContracts[Id]["responses"] & number; raw: string | Uint8Array; headers: Record<string, string> }
  | { status: 200; events: NonNullable<Answer["events"]>; headers: Record<string, string> };

export type MockApiHandler<Id extends MockApiOperationId> = (call: MockApiCall<Id>) => Promise<MockApiAnswer<Id>> | MockApiAnswer<Id>;

export type MockApiHandlers = { [Id in MockApiOperationId]: MockApiHandler<Id> };

export interface MockApiParts {
  emulator: Emulator;
  faults: Faults;
  feed: ChangeFeed;
  webhooks: WebhookDispatcher;
  /** what `--proxy` found, when it runs */
  proxyMismatches?: MismatchLog;
}

/** ErrorCode 601: no such server. */
const serverNotFound = 601;
/** ErrorCode 701: Postmark's "message doesn't exist". */
const messageNotFound = 701;
/** ErrorCode of a wait that ran out: its HTTP status, as Postmark's own errors have no code for it. */
const waitTimedOut = 408;
/** Long polls open at once: each one searches again on every send, so a client cannot pile them up. */
export const maxOpenWaits = 64;

export function mockApiHandlers({ emulator, faults, feed, webhooks, proxyMismatches }: MockApiParts): MockApiHandlers {
  const requireServer = async (id: number): Promise<Schemas["Server"]> => (await emulator.server(id)) ?? notFound(serverNotFound, `No server has the ID ${id}.`);
  let openWaits = 0;
  const requireMessage = async (messageId: string) => (await emulator.messages.find(messageId)) ?? notFound(messageNotFound, `No sent message has the MessageID ${messageId}.`);
  /** A captured message with its webhook posts, from the delivery log replicas share (when they do). */
  const describe = async (message: StoredMessage) => describeMessage(message, await webhooks.listDeliveries({ messageId: message.details.MessageID }));

  return {
    async listCapturedMessages({ query }) {
      const found = await emulator.messages.search(searchOf(query), { offset: query.offset ?? 0, limit: query.count ?? 50 });
      return { status: 200, body: { TotalCount: found.total, Messages: found.items.map(summarise) } };
    },

    async getCapturedMessage({ pathParams }) {
      const message = await requireMessage(pathParams.messageId);
      return { status: 200, body: await describe(message) };
    },

    async waitForMessage({ query, signal }) {
      const filter: MessageFilter = {};
      if (query.to !== undefined) filter.recipient = query.to;
      for (const field of ["from", "subject", "tag", "stream"] as const) if (query[field] !== undefined) filter[field] = query[field];
      if (query.server !== undefined) filter.server = query.server;
      const seconds = query.timeout ?? 30;
      if (openWaits >= maxOpenWaits) throw new PostmarkError(429, 429, `${maxOpenWaits} waits are open already; wait for one of them to end, or close one, before starting another.`);
      openWaits++;
      const found = await waitFor(emulator, searchOf(filter), seconds * 1000, signal).finally(() => openWaits--);
      if (!found) throw new PostmarkError(408, waitTimedOut, `No message matching ${JSON.stringify(filter)} arrived within ${seconds} seconds.`);
      return { status: 200, body: await describe(found) };
    },

    async getCapturedMessageLinks({ pathParams }) {
      const { details } = await requireMessage(pathParams.messageId);
      return { status: 200, body: { Links: linksOf(details) } };
    },

    async getCapturedMessageCodes({ pathParams }) {
      const { details } = await requireMessage(pathParams.messageId);
      return { status: 200, body: { Codes: codesOf(details) } };
    },

    async deleteCapturedMessage({ pathParams }) {
      const message = await requireMessage(pathParams.messageId);
      await emulator.messages.delete(message.details.MessageID);
      return { status: 200, body: { Message: `Deleted the message ${message.details.MessageID}.` } };
    },

    async getCapturedMessageSource({ pathParams }) {
      const message = await requireMessage(pathParams.messageId);
      // A download, never a page: a browser neither renders nor sniffs it.
      const headers = { "content-type": "message/rfc822", "content-disposition": attachmentDisposition(`${message.details.MessageID}.eml`), "x-content-type-options": "nosniff" };
      return { status: 200, raw: message.details.Body ?? "", headers };
    },

    async getCapturedMessageHtml({ pathParams, query }) {
      const { details } = await requireMessage(pathParams.messageId);
      const html = details.HtmlBody || notFound(errorCodes.notFound, `The message ${details.MessageID} has no HTML part.`);
      return {
        status: 200,
        raw: html,
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": htmlPolicy(query.remote === true),
          "x-content-type-options": "nosniff",
          "referrer-policy": "no-referrer",
        },
      };
    },

    async getCapturedAttachment({ pathParams }) {
      const message = await requireMessage(pathParams.messageId);
      const attachment =
        message.attachments[pathParams.index] ??
        notFound(errorCodes.notFound, `The message ${message.details.MessageID} has ${message.attachments.length} attachment(s); there is none at ${pathParams.index}.`);
      return {
        status: 200,
        raw: decodeBase64(attachment.Content),
        headers: { "content-type": attachment.ContentType || "application/octet-stream", "content-disposition": attachmentDisposition(attachment.Name), "x-content-type-options": "nosniff" },
      };
    },

    simulateMessageEvent: async ({ pathParams, body }) => ({ status: 200, body: await emulator.simulate(pathParams.messageId, body) }),

    listMockServers: async () => ({ status: 200, body: { Servers: await emulator.servers() } }),

    async resetMockServer({ pathParams }) {
      const server = await requireServer(pathParams.serverId);
      await emulator.reset(server.ID);
      return { status: 200, body: { Message: `Reset the server ${server.Name}.` } };
    },

    async listSmtpTokens({ pathParams }) {
      const server = await requireServer(pathParams.serverId);
      return { status: 200, body: { SmtpTokens: await emulator.smtp.tokens(server.ID) } };
    },

    async createSmtpToken({ pathParams, body }) {
      const server = await requireServer(pathParams.serverId);
      return { status: 200, body: await emulator.smtp.createToken(server.ID, body.MessageStream) };
    },

    async injectInboundEmail({ pathParams, body }) {
      const server = await requireServer(pathParams.serverId);
      const details = await emulator.receive(server.ID, await inboundInit(body as MockApiSchemas["InboundEmail"], server.InboundAddress ?? ""));
      return { status: 200, body: { MessageID: details.MessageID, Status: details.Status } };
    },

    async confirmSenderSignature({ pathParams }) {
      const address = await emulator.senders.confirm(pathParams.confirmationId);
      if (address === undefined) notFound(messageNotFound, `No confirmation email has the MessageID ${pathParams.confirmationId}.`);
      return { status: 200, body: { Message: `The sender signature ${address} is confirmed.` } };
    },

    async resetMock() {
      await emulator.reset();
      await faults.clear();
      await webhooks.reset();
      return { status: 200, body: { Message: "Reset everything." } };
    },

    listFaults: async () => ({ status: 200, body: { Faults: await faults.list() } }),

    addFault: async ({ body }) => ({ status: 200, body: await faults.add(body) }),

    async clearFaults() {
      await faults.clear();
      return { status: 200, body: { Message: "Cleared every fault." } };
    },

    async listWebhookDeliveries({ query }) {
      const filter = {
        ...(query.messageId !== undefined ? { messageId: query.messageId } : {}),
        ...(query.server !== undefined ? { serverId: query.server } : {}),
        ...(query.recordType !== undefined ? { recordType: query.recordType } : {}),
      };
      return { status: 200, body: { Deliveries: await webhooks.listDeliveries(filter) } };
    },

    streamChanges: () => ({
      status: 200,
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" },
      events: (send) => feed.subscribe(send),
    }),

    ...proxyMismatchHandlers(proxyMismatches),
  };
}

/**
 * The newest stored message of the search, at once or as soon as one is sent, or undefined after
 * `timeoutMs` or once the client has gone. It listens before it looks, so a message sent in
 * between is not missed; one search at a time, again after it when sends came meanwhile.
 */
function waitFor(emulator: Emulator, search: ReturnType<typeof searchOf>, timeoutMs: number, signal: AbortSignal | undefined): Promise<StoredMessage | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    /** Ends the wait once, however it ends: a match, the timeout, the client gone, or a failed search. */
    const settle = (end: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener("abort", gone);
      end();
    };
    const finish = (message: StoredMessage | undefined) => settle(() => resolve(message));
    const gone = () => finish(undefined);
    let looking = false;
    let sentMeanwhile = false;
    const look = (): void => {
      if (looking) return void (sentMeanwhile = true);
      looking = true;
      emulator.messages.search(search, { limit: 1 }).then(
        (found) => {
          looking = false;
          if (found.items[0]) return finish(found.items[0]);
          if (sentMeanwhile && !settled) {
            sentMeanwhile = false;
            look();
          }
        },
        (error: unknown) => settle(() => reject(error)),
      );
    };
    const unsubscribe = emulator.subscribe((notice) => {
      if (notice.type === "sent" && (search.server === undefined || notice.serverId === search.server)) look();
    });
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    if (signal?.aborted) return finish(undefined);
    signal?.addEventListener("abort", gone, { once: true });
    look();
  });
}

function notFound(errorCode: number, message: string): never {
  throw new PostmarkError(404, errorCode, message);
}
