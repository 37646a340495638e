// Every operation the emulator handles, gathered from one module per API group.
import type { Handler } from "../context.js";
import type { OperationId } from "../types.js";
import { bounceHandlers } from "./bounces.js";
import { bulkHandlers } from "./bulk.js";
import { emailHandlers } from "./email.js";
import { inboundRulesHandlers } from "./inbound-rules.js";
import { messageStreamsHandlers } from "./message-streams.js";
import { outboundMessageHandlers } from "./outbound-messages.js";
import { serverHandlers } from "./server.js";
import { serversHandlers } from "./servers.js";
import { suppressionsHandlers } from "./suppressions.js";
import { webhooksHandlers } from "./webhooks.js";

export const handlers: Partial<Record<OperationId, Handler>> = {
  ...emailHandlers,
  ...bulkHandlers,
  ...bounceHandlers,
  ...outboundMessageHandlers,
  ...serverHandlers,
  ...serversHandlers,
  ...messageStreamsHandlers,
  ...suppressionsHandlers,
  ...webhooksHandlers,
  ...inboundRulesHandlers,
};
