// One run of the local Postmark inside the test process, the two ways an app's tests can have it:
// `msw` answers through MSW handlers (no server, no port), `http` starts the HTTP mock in the same
// process and sends to it over loopback. Our client sends `count` emails either way; the process's
// CPU time per request is then the whole cost of a request, client and emulator together.
// `node in-process-worker.js <msw|http> <count> <concurrency> <warmup>`
import { startMockServer } from "@postmark-openapi/mock";
import { createPostmarkHandlers } from "@postmark-openapi/mock/msw";
import { setupServer } from "msw/node";
import { createSender, importClient } from "./clients.js";
import { measureSends, type SendFigures } from "./client-run.js";
import type { InProcessPath } from "./mock-package.js";

export type InProcessRun = SendFigures & { path: InProcessPath; stored: number };

const [path = "", count, concurrency, warmup] = process.argv.slice(2);

async function startMock(): Promise<{ baseUrl: string; stored: () => Promise<number>; stop: () => Promise<void> }> {
  if (path === "msw") {
    const postmark = createPostmarkHandlers();
    const server = setupServer(...postmark.handlers);
    server.listen({ onUnhandledFrame: "error" });
    return { baseUrl: postmark.baseUrl, stored: async () => (await postmark.messages()).length, stop: async () => server.close() };
  }
  if (path === "http") {
    const mock = await startMockServer({ port: 0, quiet: true });
    return { baseUrl: mock.url, stored: async () => (await mock.messages()).length, stop: () => mock.close() };
  }
  throw new Error(`Unknown path: ${path}`);
}

const mock = await startMock();
const send = createSender("ours", await importClient("ours"), mock.baseUrl);
const figures = await measureSends(send, { count: Number(count), concurrency: Number(concurrency), warmup: Number(warmup), label: `${path} mock` });
const report: InProcessRun = { path: path as InProcessPath, stored: await mock.stored(), ...figures };
await mock.stop();
process.send?.(report, () => process.exit(0));
