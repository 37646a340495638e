// Builds the SQLite benchmark's database, in its own process: `node sqlite-fill.js <folder>
// <messages> <bodyBytes>`. The mock is started on the folder as `--data` starts it, and every
// message goes through its emulator's send path without HTTP (validation, the message's source,
// its Delivery event, the store's own write path), `inFlight` at a time, so that the store's group
// commit writes them in large transactions. Nothing is written by hand: the database is what the
// engine writes. The process reports its progress, then the count the mock holds and the time taken.
import { startMockServer } from "@postmark-openapi/mock";
import { serverToken } from "./payloads.js";
import { storedMessage } from "./stored-messages.js";

export type SqliteFillMessage = { progress: number } | { stored: number; fillMs: number };

/** Sends in flight at once: enough for the store to fill its batches of units. */
const inFlight = 512;

const [folder = "", messagesArg = "0", bodyBytesArg = "1024"] = process.argv.slice(2);
const messages = Number(messagesArg);
const bodyBytes = Number(bodyBytesArg);
if (!folder || !Number.isInteger(messages) || messages < 1) throw new Error("usage: sqlite-fill.js <folder> <messages> <bodyBytes>");

const mock = await startMockServer({ port: 0, quiet: true, dataDir: folder, maxMessagesPerServer: messages });
const emulator = mock.emulator;
if (!emulator) throw new Error("the mock did not start in emulator mode");
type Call = Parameters<typeof emulator.respond>[0];

const send = async (index: number): Promise<void> => {
  const call: Call = { operationId: "sendEmail", method: "POST", path: "/email", pathParams: {}, query: {}, headers: {}, body: storedMessage(index, bodyBytes), tokenKind: "server", token: serverToken };
  const answer = await emulator.respond(call);
  if (answer.status !== 200) throw new Error(`send ${index} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
};

const report = (message: SqliteFillMessage): Promise<void> => new Promise((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
const progressEvery = Math.max(10_000, Math.round(messages / 20));
const started = performance.now();
let next = 0;
let done = 0;
async function lane(): Promise<void> {
  while (next < messages) {
    await send(next++);
    if (++done % progressEvery === 0) await report({ progress: done });
  }
}
await Promise.all(Array.from({ length: Math.min(inFlight, messages) }, lane));
const fillMs = performance.now() - started;
const stored = (await emulator.servers()).reduce((sum, server) => sum + server.MessageCount, 0);
await mock.close();
await report({ stored, fillMs });
process.exit(0);
