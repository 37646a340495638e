// Every operation the emulator handles, gathered from one module per API group.
import type { Handler } from "../context.js";
import type { OperationId } from "../types.js";
import { inboundRulesHandlers } from "./inbound-rules.js";
import { messageStreamsHandlers } from "./message-streams.js";
import { serverHandlers } from "./server.js";
import { serversHandlers } from "./servers.js";
import { suppressionsHandlers } from "./suppressions.js";
import { webhooksHandlers } from "./webhooks.js";

export const handlers: Partial<Record<OperationId, Handler>> = {
  ...serverHandlers,
  ...serversHandlers,
  ...messageStreamsHandlers,
  ...suppressionsHandlers,
  ...webhooksHandlers,
  ...inboundRulesHandlers,
};
