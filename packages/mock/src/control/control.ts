// The mock's own API under /__mock/api: what the app sent, resets, events on demand, inbound
// email, faults and the webhook delivery log. Portable like the emulator it drives: the HTTP
// adapter hands it a method, a path and a body, and writes out what it answers.
import type { Emulator } from "../core/emulator.js";
import type { Schemas } from "../core/types.js";
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import { unexpectedFailure } from "../front/front.js";
import { createChangeFeed, type ChangeFeed } from "./changes.js";
import { emptyDeliveryLog, type DeliveryLog } from "./delivery-log.js";
import { createFaultList, type FaultList } from "./faults.js";
import { inboundInit } from "./inbound-email.js";
import { attachmentDisposition, decodeBase64, describeMessage, htmlPolicy, searchOf, summarise, type MessageFilter } from "./messages.js";
import { mockApiOperations, routeMockApi } from "./operations.js";
import type { MockApiOperationId, MockApiSchemas } from "./types.js";

/** The reserved prefix of the mock API: Postmark has no path under it. */
export const mockApiPrefix = "/__mock/api";

export interface ControlRequest {
  method: string;
  /** the path below the prefix, e.g. /messages */
  path: string;
  query: URLSearchParams;
  /** the request body as text ("" for none) */
  body: string;
}

export type ControlResponse =
  | { status: number; headers: Record<string, string>; body: string | Uint8Array; operationId?: string; /** for the log: what failed inside */ failure?: string }
  | { status: number; headers: Record<string, string>; events: (send: (frame: string) => void) => () => void; operationId: string };

export interface ControlOptions {
  /** the bundled document of the mock API (dist/mock-api.json) */
  document: Record<string, unknown>;
  emulator: Emulator;
  /** the webhook deliveries to show; default: none */
  deliveryLog?: DeliveryLog;
}

export interface ControlApi {
  handle(request: ControlRequest): Promise<ControlResponse>;
  /** the faults waiting for Postmark API requests */
  faults: FaultList;
  /** the change feed the event stream follows */
  feed: ChangeFeed;
}

interface Call {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

type Reply = { status?: number; json: unknown } | { status?: number; headers: Record<string, string>; body: string | Uint8Array } | { events: ControlResponse & { events: unknown } };

const serverNotFound = 601;
/** ErrorCode 701: Postmark's "message doesn't exist". */
const messageNotFound = 701;
const jsonType = "application/json; charset=utf-8";

export function createControlApi(options: ControlOptions): ControlApi {
  const { emulator } = options;
  const deliveryLog = options.deliveryLog ?? emptyDeliveryLog;
  const operations = mockApiOperations(options.document);
  const faults = createFaultList();
  const feed = createChangeFeed(async (messageId) => {
    const found = await emulator.messages.find(messageId);
    return found ? summarise(found) : undefined;
  });
  emulator.subscribe((notice) => {
    if (notice.type === "sent") feed.sent(notice.messageId);
    else if (notice.type === "changed") feed.changed(notice.messageId);
    else if (notice.type === "event" && notice.event.type !== "Inbound") feed.changed(notice.event.messageId);
    else if (notice.type === "reset") feed.reset(notice.serverId);
  });

  const requireServer = async (id: unknown): Promise<Schemas["Server"]> => {
    const server = typeof id === "number" ? await emulator.server(id) : undefined;
    if (!server) throw new PostmarkError(404, serverNotFound, `No server has the ID ${String(id)}.`);
    return server;
  };
  const requireMessage = async (messageId: unknown) => {
    const found = await emulator.messages.find(String(messageId));
    if (!found) throw new PostmarkError(404, messageNotFound, `No sent message has the MessageID ${String(messageId)}.`);
    return found;
  };

  const handlers: Record<MockApiOperationId, (call: Call) => Reply | Promise<Reply>> = {
    async listCapturedMessages({ query }) {
      const count = Number(query["count"] ?? 50);
      const offset = Number(query["offset"] ?? 0);
      const found = await emulator.messages.search(searchOf(query as MessageFilter), { offset, limit: count });
      return { json: { TotalCount: found.total, Messages: found.items.map(summarise) } satisfies MockApiSchemas["CapturedMessageList"] };
    },
    getCapturedMessage: async ({ path }) => ({ json: describeMessage(await requireMessage(path["messageId"]), deliveryLog) }),
    async deleteCapturedMessage({ path }) {
      const message = await requireMessage(path["messageId"]);
      await emulator.messages.delete(message.details.MessageID);
      return { json: { Message: `Deleted the message ${message.details.MessageID}.` } };
    },
    async getCapturedMessageSource({ path }) {
      const message = await requireMessage(path["messageId"]);
      // A download, never a page: a browser neither renders nor sniffs it.
      const headers = { "content-type": "message/rfc822", "content-disposition": attachmentDisposition(`${message.details.MessageID}.eml`), "x-content-type-options": "nosniff" };
      return { headers, body: message.details.Body ?? "" };
    },
    async getCapturedMessageHtml({ path, query }) {
      const { details } = await requireMessage(path["messageId"]);
      const html = details.HtmlBody;
      if (!html) throw new PostmarkError(404, errorCodes.notFound, `The message ${details.MessageID} has no HTML part.`);
      return {
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": htmlPolicy(query["remote"] === true),
          "x-content-type-options": "nosniff",
          "referrer-policy": "no-referrer",
        },
        body: html,
      };
    },
    async getCapturedAttachment({ path }) {
      const message = await requireMessage(path["messageId"]);
      const attachment = message.attachments[Number(path["index"])];
      if (!attachment) throw new PostmarkError(404, errorCodes.notFound, `The message ${message.details.MessageID} has ${message.attachments.length} attachment(s); there is none at ${String(path["index"])}.`);
      return {
        headers: { "content-type": attachment.ContentType || "application/octet-stream", "content-disposition": attachmentDisposition(attachment.Name), "x-content-type-options": "nosniff" },
        body: decodeBase64(attachment.Content),
      };
    },
    simulateMessageEvent: async ({ path, body }) => ({ json: await emulator.simulate(String(path["messageId"]), body as MockApiSchemas["SimulatedEvent"]) }),
    listMockServers: async () => ({ json: { Servers: await emulator.servers() } }),
    async resetMockServer({ path }) {
      const server = await requireServer(path["serverId"]);
      await emulator.reset(server.ID);
      return { json: { Message: `Reset the server ${server.Name}.` } };
    },
    async injectInboundEmail({ path, body }) {
      const server = await requireServer(path["serverId"]);
      const init = await inboundInit(body as MockApiSchemas["InboundEmail"], server.InboundAddress ?? "");
      const details = await emulator.receive(server.ID, init);
      return { json: { MessageID: details.MessageID, Status: details.Status } };
    },
    async resetMock() {
      await emulator.reset();
      faults.clear();
      deliveryLog.clear?.();
      return { json: { Message: "Reset everything." } };
    },
    listFaults: () => ({ json: { Faults: faults.list() } }),
    addFault: ({ body }) => ({ json: faults.add(body as MockApiSchemas["FaultRequest"]) }),
    clearFaults() {
      faults.clear();
      return { json: { Message: "Cleared every fault." } };
    },
    listWebhookDeliveries({ query }) {
      const filter = {
        ...(typeof query["messageId"] === "string" ? { messageId: query["messageId"] } : {}),
        ...(typeof query["server"] === "number" ? { serverId: query["server"] } : {}),
        ...(typeof query["recordType"] === "string" ? { recordType: query["recordType"] } : {}),
      };
      return { json: { Deliveries: deliveryLog.list(filter) } };
    },
    streamChanges: () => ({
      events: {
        status: 200,
        headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no" },
        events: (send: (frame: string) => void) => feed.subscribe(send),
        operationId: "streamChanges",
      },
    }),
  };

  async function handle(request: ControlRequest): Promise<ControlResponse> {
    let operationId: string | undefined;
    try {
      const method = request.method.toUpperCase();
      const { operation, pathParams } = routeMockApi(operations, method, request.path);
      operationId = operation.operationId;
      const params = operation.params(pathParams, request.query);
      const body = operation.body(request.body);
      const reply = await handlers[operation.operationId]({ ...params, body });
      if ("events" in reply) return reply.events as ControlResponse;
      if ("json" in reply) return { status: reply.status ?? 200, headers: { "content-type": jsonType }, body: JSON.stringify(reply.json), operationId };
      return { status: reply.status ?? 200, headers: reply.headers, body: reply.body, operationId };
    } catch (error) {
      // What went wrong inside goes to the log (`failure`), never to the client.
      const refusal = error instanceof PostmarkError ? error : unexpectedFailure();
      const failure = error instanceof PostmarkError ? {} : { failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      return { status: refusal.status, headers: { ...refusal.headers, "content-type": jsonType }, body: JSON.stringify(refusal.body()), ...(operationId ? { operationId } : {}), ...failure };
    }
  }

  return { handle, faults, feed };
}
