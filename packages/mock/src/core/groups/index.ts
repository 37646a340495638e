// Every operation the emulator handles, gathered from one module per API group.
import type { Handler } from "../context.js";
import type { OperationId } from "../types.js";
import { bounceHandlers } from "./bounces.js";
import { bulkHandlers } from "./bulk.js";
import { dataRemovalHandlers } from "./data-removals.js";
import { domainHandlers } from "./domains.js";
import { emailHandlers } from "./email.js";
import { inboundMessageHandlers } from "./inbound-messages.js";
import { inboundRulesHandlers } from "./inbound-rules.js";
import { messageEventHandlers } from "./message-events.js";
import { messageStreamsHandlers } from "./message-streams.js";
import { outboundMessageHandlers } from "./outbound-messages.js";
import { senderSignatureHandlers } from "./sender-signatures.js";
import { serverHandlers } from "./server.js";
import { serversHandlers } from "./servers.js";
import { statsHandlers } from "./stats.js";
import { suppressionsHandlers } from "./suppressions.js";
import { templateHandlers } from "./templates.js";
import { webhooksHandlers } from "./webhooks.js";

export const handlers: Partial<Record<OperationId, Handler>> = {
  ...emailHandlers,
  ...bulkHandlers,
  ...bounceHandlers,
  ...outboundMessageHandlers,
  ...messageEventHandlers,
  ...inboundMessageHandlers,
  ...statsHandlers,
  ...serverHandlers,
  ...serversHandlers,
  ...messageStreamsHandlers,
  ...suppressionsHandlers,
  ...webhooksHandlers,
  ...inboundRulesHandlers,
  ...templateHandlers,
  ...domainHandlers,
  ...senderSignatureHandlers,
  ...dataRemovalHandlers,
};
