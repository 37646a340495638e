// Every operation the emulator handles, gathered from one module per API group.
import type { Handler } from "../context.js";
import type { OperationId } from "../types.js";
import { dataRemovalHandlers } from "./data-removals.js";
import { domainHandlers } from "./domains.js";
import { senderSignatureHandlers } from "./sender-signatures.js";
import { serverHandlers } from "./server.js";

export const handlers: Partial<Record<OperationId, Handler>> = {
  ...serverHandlers,
  ...domainHandlers,
  ...senderSignatureHandlers,
  ...dataRemovalHandlers,
};
