// The emulator with a large store: one mock process holding `messages` sent messages with a 1 kB
// text body (src/emulator-server.ts), then, from a load generator in its own process, the
// outbound message search one request at a time (the first page of 50, and the same filtered by a
// recipient that one message in 100 has), and stored sends at 32 in flight with the store full.
// Rounds run the scenarios in a rotating order against the same store. Memory per stored message
// is the mock process's resident memory after the fill minus before, over the count.
import { recipientOf, storedMessage } from "./stored-messages.js";
import type { EmulatorServerReport } from "./emulator-server.js";
import type { LoadReport } from "./load-worker.js";
import { runScenario, scenarioFields, type LoadSettings, type Scenario } from "./mock.js";
import { src } from "./paths.js";
import { startHelper } from "./processes.js";
import { rotate, summarizeFields } from "./stats.js";

export const searchPath = "/messages/outbound?count=50&offset=0";

export const emulatorScenarios: Scenario[] = [
  { name: `GET ${searchPath}`, method: "GET", path: searchPath, concurrency: 1 },
  { name: `GET ${searchPath}&recipient=…`, method: "GET", path: `${searchPath}&recipient=${encodeURIComponent(recipientOf(7))}`, concurrency: 1 },
  { name: "POST /email ×32 (the store full)", method: "POST", path: "/email", body: storedMessage(0, 1024), distinct: true, concurrency: 32 },
];

export async function measureEmulator({ messages, rounds, ...settings }: { messages: number; rounds: number } & LoadSettings) {
  const { count, maxSeconds, warmup, log } = settings;
  log(`emulator: storing ${messages.toLocaleString("en-US")} messages`);
  const server = await startHelper<EmulatorServerReport>(src("emulator-server.js"), [messages, 1024], { execArgv: ["--expose-gc"] });
  const runs: ({ scenario: string } & LoadReport)[] = [];
  try {
    log(`emulator: stored in ${(server.fillMs / 1000).toFixed(1)} s`);
    for (let round = 0; round < rounds; round++) {
      for (const scenario of rotate(emulatorScenarios, round)) runs.push({ scenario: scenario.name, ...(await runScenario(server.url, scenario, settings, "emulator:")) });
      log(`emulator: round ${round + 1}/${rounds}`);
    }
  } finally {
    await server.stop();
  }
  const { stored, bodyBytes, recipients, fillMs, rssBytes, heapUsedBytes } = server;
  const summary = Object.fromEntries(emulatorScenarios.map(({ name }) => [name, summarizeFields(runs.filter((run) => run.scenario === name), scenarioFields)]));
  return {
    rounds,
    count,
    maxSeconds,
    warmup,
    stored,
    bodyBytes,
    recipients,
    fillMs,
    rssBytes,
    heapUsedBytes,
    rssPerMessageBytes: (rssBytes.after - rssBytes.before) / stored,
    heapPerMessageBytes: (heapUsedBytes.after - heapUsedBytes.before) / stored,
    summary,
    runs,
  };
}
