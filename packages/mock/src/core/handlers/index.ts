// Every operation the emulator handles, gathered from one module per API group, and checked
// against the spec's whole contract: an operation added to the spec fails the build here until it
// has a handler (or is named as answered with the spec's documented examples).
import type { Handlers } from "../handler.js";
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
import { serverHandlers } from "./current-server.js";
import { serversHandlers } from "./servers.js";
import { statsHandlers } from "./stats.js";
import { suppressionsHandlers } from "./suppressions.js";
import { templateHandlers } from "./templates.js";
import { webhooksHandlers } from "./webhooks.js";

export const handlers = {
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
} satisfies Handlers;
