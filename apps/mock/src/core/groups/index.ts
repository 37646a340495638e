// Every operation the emulator handles, gathered from one module per API group.
import type { Handler } from "../context.js";
import type { OperationId } from "../types.js";
import { serverHandlers } from "./server.js";
import { templateHandlers } from "./templates.js";

export const handlers: Partial<Record<OperationId, Handler>> = {
  ...serverHandlers,
  ...templateHandlers,
};
