// Every operation the emulator handles, gathered from one module per API group.
import type { Handler } from "../context.js";
import type { OperationId } from "../types.js";
import { inboundMessageHandlers } from "./inbound-messages.js";
import { messageEventHandlers } from "./message-events.js";
import { serverHandlers } from "./server.js";
import { statsHandlers } from "./stats.js";

export const handlers: Partial<Record<OperationId, Handler>> = {
  ...serverHandlers,
  ...statsHandlers,
  ...messageEventHandlers,
  ...inboundMessageHandlers,
};
