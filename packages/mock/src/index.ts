import "./require-node.js";
export { PortInUseError, startMockServer, startPostmarkMock, type MockMode, type MockOptions, type RunningMock, type RunningMock as PostmarkMock } from "./http/server.js";
export { sentMessages, type SentMessage, type SentMessageFilter, type TextMatcher } from "./sent.js";
export { createEmulator, type Emulator, type EmulatorOptions } from "./core/emulator.js";
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from "./core/store/memory-store.js";
export type { Collection, Query, Store, Transaction } from "./core/store/store.js";
export { createFront, type FrontRequest, type FrontResponse } from "./front/front.js";
export { PostmarkError } from "./protocol/errors.js";
export { createWebhookDispatcher, webhookDefaults, type WebhookDelivery, type WebhookDispatcher, type WebhookDispatcherOptions } from "./webhooks/index.js";
