// Every operation the emulator handles, gathered from one module per API group.
import type { Handler } from "../context.js";
import type { OperationId } from "../types.js";
import { bounceHandlers } from "./bounces.js";
import { bulkHandlers } from "./bulk.js";
import { emailHandlers } from "./email.js";
import { outboundMessageHandlers } from "./outbound-messages.js";
import { serverHandlers } from "./server.js";

export const handlers: Partial<Record<OperationId, Handler>> = {
  ...emailHandlers,
  ...bulkHandlers,
  ...bounceHandlers,
  ...outboundMessageHandlers,
  ...serverHandlers,
};
