// The mock for the webhook storm, in its own process: `node storm-server.js <webhooks> <receiverUrl>`.
// It starts the HTTP mock with the default webhook bounds, gives the benchmark's server token
// `webhooks` webhooks (Delivery on) pointing at the receiver, and from then on samples, every
// 10 ms, the process's open sockets (Linux: the socket entries of /proc/self/fd) and its resident
// memory. It sends the parent its URL and bounds, and on { type: "report" } the most of each seen.
import { readdirSync, readlinkSync } from "node:fs";
import { startMockServer, webhookDefaults } from "@postmark-openapi/mock";
import { serverToken } from "./payloads.js";

export interface StormServerReport {
  mostSockets: number | null;
  mostRssBytes: number;
  lines: string[];
}

const [webhooksArg = "0", receiverUrl = ""] = process.argv.slice(2);
const webhooks = Number(webhooksArg);
const dropLines: string[] = [];
const mock = await startMockServer({ port: 0, log: (line) => void (line.startsWith("webhook queue") && dropLines.push(line)) });

// Created through the emulator itself, so no connection of this process's own stays open.
const emulator = mock.emulator;
if (!emulator) throw new Error("the mock did not start in emulator mode");
type Call = Parameters<typeof emulator.respond>[0];
for (let i = 0; i < webhooks; i++) {
  const body = { Url: `${receiverUrl}/hook/${i}`, MessageStream: "outbound", Triggers: { Delivery: { Enabled: true } } };
  const created = await emulator.respond({ operationId: "createWebhook", method: "POST", path: "/webhooks", pathParams: {}, query: {}, headers: {}, body, tokenKind: "server", token: serverToken } as Call);
  if (created.status !== 200) throw new Error(`creating webhook ${i} answered ${created.status}: ${JSON.stringify(created.body)}`);
}

const socketCount = (): number | null => {
  try {
    return readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith("socket:");
      } catch {
        return false;
      }
    }).length;
  } catch {
    return null;
  }
};
let mostSockets = socketCount();
let mostRssBytes = process.memoryUsage.rss();
const sampler = setInterval(() => {
  const sockets = socketCount();
  if (sockets !== null) mostSockets = Math.max(mostSockets ?? 0, sockets);
  mostRssBytes = Math.max(mostRssBytes, process.memoryUsage.rss());
}, 10);

process.send?.({ url: mock.url, bounds: webhookDefaults });
process.on("message", (message: { type?: string }) => {
  if (message.type === "report") process.send?.({ mostSockets, mostRssBytes, lines: dropLines } satisfies StormServerReport);
});
const stop = (): void => {
  clearInterval(sampler);
  void mock.close().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("disconnect", stop);
