// The emulator with many stored messages, in its own process: `node --expose-gc emulator-server.js
// <messages> <bodyBytes>`. It starts the HTTP mock (emulator mode, retention raised to hold them
// all), builds the state in-process with a standalone emulator (the same sending code, no HTTP),
// hands that state to the running mock, then sends the parent its URL with the fill time and its
// resident memory before and after, each measured after a full garbage collection.
//
// The store is filled by an emulator of its own, in-process, then served by the HTTP mock: the
// fill skips HTTP, which the benchmark's own sends go through.
import { createEmulator, createMemoryStore, startMockServer } from "@postmark-openapi/mock";
import { serverToken } from "./payloads.js";
import { storedMessage, storedRecipients } from "./stored-messages.js";

export interface EmulatorServerReport {
  stored: number;
  recipients: number;
  bodyBytes: number;
  fillMs: number;
  rssBytes: { before: number; after: number };
  heapUsedBytes: { before: number; after: number };
}

const [messages = "0", bodyBytesArg = "1024"] = process.argv.slice(2);
const count = Number(messages);
const bodyBytes = Number(bodyBytesArg);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc, so memory is measured after a full collection");
const settle = (): NodeJS.MemoryUsage => {
  gc();
  gc();
  return process.memoryUsage();
};

const retention = { maxMessagesPerServer: Math.max(count, 1) };
const store = createMemoryStore();
const builder = createEmulator({ ...retention, store });
type Call = Parameters<typeof builder.respond>[0];
const send = async (index: number): Promise<void> => {
  const call: Call = { operationId: "sendEmail", method: "POST", path: "/email", pathParams: {}, query: {}, headers: {}, body: storedMessage(index, bodyBytes), tokenKind: "server", token: serverToken };
  const answer = await builder.respond(call);
  if (answer.status !== 200) throw new Error(`send ${index} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
};

// The token's first use creates its server; that, and warming the sending code, come before the baseline.
await send(0);
await builder.reset();
const before = settle();
const started = performance.now();
for (let index = 0; index < count; index++) await send(index);
const fillMs = performance.now() - started;
const mock = await startMockServer({ port: 0, quiet: true, ...retention, store });
if (!mock.emulator) throw new Error("the mock did not start in emulator mode");
const after = settle();
const stored = (await mock.emulator.servers()).reduce((sum, server) => sum + server.MessageCount, 0);
if (stored !== count) throw new Error(`stored ${stored} messages, expected ${count}`);

const report: EmulatorServerReport = {
  stored,
  recipients: storedRecipients,
  bodyBytes,
  fillMs,
  rssBytes: { before: before.rss, after: after.rss },
  heapUsedBytes: { before: before.heapUsed, after: after.heapUsed },
};
process.send?.({ url: mock.url, ...report });

const stop = (): void => {
  void mock.close().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("disconnect", stop);
