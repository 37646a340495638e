// The mock on SQLite (`--data`), in two benchmarks:
//
// - A large store: the mock's CLI on a database of `messages` sent messages with a 1 kB text body
//   (built once through the emulator's own send path and cached, src/sqlite-database.ts). Each
//   round starts the CLI afresh on it: spawn → first answer, its resident memory (from /proc) after
//   the start and after the searches, and the outbound search one request at a time: the first
//   page without a filter, with a whole recipient (one message in 100 has it), with a part of an
//   address and with a part of the subject. The searches write nothing, so the rounds share the
//   file; the CLI's retention is raised to hold it all.
// - A send burst: 32 sends in flight (POST /email, each stored) while another load generator reads
//   GET /server 4 at a time, both for the same few seconds, on the CLI in memory and with `--data`
//   on a fresh folder, in interleaved rounds: whether a request waits on the database's writes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadReport } from "./load-worker.js";
import { runScenario, scenarioFields, startUntilFirstAnswer, type LoadSettings, type Scenario } from "./mock.js";
import { mockCliPath } from "./paths.js";
import { serverToken } from "./payloads.js";
import { residentMemory, stopProcess } from "./processes.js";
import { benchDatabase, discard, type BenchDatabase } from "./sqlite-database.js";
import { ratio, rotate, summarize, summarizeFields, type Summary } from "./stats.js";
import { recipientOf, storedMessage, storedRecipients } from "./stored-messages.js";

export const sqliteBodyBytes = 1024;

const searchPath = "/messages/outbound?count=50&offset=0";

/** One outbound search of the large store, the messages it matches, and the p95 it should keep to. */
export interface SqliteSearch extends Scenario {
  key: "page" | "recipient" | "addressPart" | "subjectPart";
  /** which messages it matches, for the report */
  matches: string;
  goalMs: number;
}

const addressPart = "customer-4";
const subjectPart = "receipt #4242";

/** A search of the first page filtered by one field, one request at a time. */
const filteredSearch = (key: SqliteSearch["key"], field: string, value: string, matches: string, goalMs: number): SqliteSearch => ({
  key,
  name: `GET ${searchPath}&${field}=${value}`,
  method: "GET",
  path: `${searchPath}&${field}=${encodeURIComponent(value)}`,
  concurrency: 1,
  matches,
  goalMs,
});

export const sqliteSearches: SqliteSearch[] = [
  { key: "page", name: `GET ${searchPath}`, method: "GET", path: searchPath, concurrency: 1, matches: "every message", goalMs: 20 },
  filteredSearch("recipient", "recipient", recipientOf(7), `1 in ${storedRecipients}`, 50),
  filteredSearch("addressPart", "recipient", addressPart, `11 in ${storedRecipients} (customer-4, customer-40 to 49)`, 50),
  filteredSearch("subjectPart", "subject", subjectPart, "the subjects #4242, #42420 to #42429 and #424200 to #424299 (111 of a million)", 50),
];

/** The mock CLI on a port of its own, quiet, with an SMTP listener on any free port; then `extra`. */
const cliArgs = (port: number, extra: string[]) => [mockCliPath, "--host", "127.0.0.1", "--port", String(port), "--smtp-port", "0", "--quiet", ...extra];

const largeStoreArgs = (database: BenchDatabase) => (port: number) => cliArgs(port, ["--data", database.folder, "--max-messages", String(database.messages)]);

interface LargeStoreRound {
  startupMs: number;
  rssAfterStartBytes: number;
  rssAfterSearchesBytes: number;
  peakRssBytes: number;
  searches: ({ key: SqliteSearch["key"] } & LoadReport)[];
}

/** How many messages the search without a filter counts (its TotalCount). */
async function totalCount(url: string): Promise<number> {
  const response = await fetch(`${url}/messages/outbound?count=1&offset=0`, { headers: { accept: "application/json", "x-postmark-server-token": serverToken } });
  const body = (await response.json()) as { TotalCount?: number };
  return body.TotalCount ?? Number.NaN;
}

async function largeStoreRound(database: BenchDatabase, round: number, settings: LoadSettings): Promise<LargeStoreRound> {
  const { child, url, startupMs } = await startUntilFirstAnswer(largeStoreArgs(database));
  try {
    const afterStart = residentMemory(child.pid ?? 0);
    const total = await totalCount(url);
    if (total !== database.messages) {
      // The run wrote to the cached database (retention, a migration): build it again next time.
      discard(database);
      throw new Error(`the mock on ${database.folder} counts ${total} messages, not ${database.messages}; the cached database is dropped`);
    }
    const searches: LargeStoreRound["searches"] = [];
    for (const search of rotate(sqliteSearches, round)) searches.push({ key: search.key, ...(await runScenario(url, search, settings, "sqlite search:")) });
    const afterSearches = residentMemory(child.pid ?? 0);
    return {
      startupMs,
      rssAfterStartBytes: afterStart?.rssBytes ?? Number.NaN,
      rssAfterSearchesBytes: afterSearches?.rssBytes ?? Number.NaN,
      peakRssBytes: afterSearches?.peakBytes ?? Number.NaN,
      searches,
    };
  } finally {
    await stopProcess(child);
  }
}

export const burstKinds = ["in memory", "--data"] as const;
type BurstKind = (typeof burstKinds)[number];

const burstSenders = 32;
const burstReaders = 4;
const burstSend: Scenario = { name: `POST /email ×${burstSenders}`, method: "POST", path: "/email", body: storedMessage(0, sqliteBodyBytes), distinct: true, concurrency: burstSenders };
const burstRead: Scenario = { name: `GET /server ×${burstReaders}`, method: "GET", path: "/server", concurrency: burstReaders };

interface BurstRun {
  kind: BurstKind;
  /** spawn → first answer, on an empty store: what the large store's start-up compares with */
  startupMs: number;
  read: LoadReport;
  send: LoadReport;
}

const burstArgs = (folder: string | undefined) => (port: number) => cliArgs(port, folder === undefined ? [] : ["--data", folder]);

/** One burst: both generators for the same `seconds`, after a short warm-up of each alone. */
async function burstRun(kind: BurstKind, seconds: number, log: (line: string) => void): Promise<BurstRun> {
  const folder = kind === "--data" ? mkdtempSync(join(tmpdir(), "bench-sqlite-burst-")) : undefined;
  try {
    const { child, url, startupMs } = await startUntilFirstAnswer(burstArgs(folder));
    try {
      const warm = { count: 300, maxSeconds: 10, warmup: 0, log };
      await runScenario(url, burstSend, warm, `sqlite burst: ${kind}`);
      await runScenario(url, burstRead, warm, `sqlite burst: ${kind}`);
      // Bounded by time, not count: both generators stop together, so every read is timed during the burst.
      const during = { count: 500_000, maxSeconds: seconds, warmup: 0, log };
      const [read, send] = await Promise.all([runScenario(url, burstRead, during, `sqlite burst: ${kind}`), runScenario(url, burstSend, during, `sqlite burst: ${kind}`)]);
      return { kind, startupMs, read, send };
    } finally {
      await stopProcess(child);
    }
  } finally {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  }
}

export interface SqliteSettings extends LoadSettings {
  messages: number;
  rounds: number;
  burstSeconds: number;
}

export async function measureSqlite({ messages, rounds, burstSeconds, ...settings }: SqliteSettings) {
  const { log } = settings;
  const database = await benchDatabase(messages, sqliteBodyBytes, log);
  const largeStore: LargeStoreRound[] = [];
  for (let round = 0; round < rounds; round++) {
    largeStore.push(await largeStoreRound(database, round, settings));
    log(`sqlite: large store round ${round + 1}/${rounds}`);
  }
  const bursts: BurstRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const kind of rotate(burstKinds, round)) bursts.push(await burstRun(kind, burstSeconds, log));
    log(`sqlite: burst round ${round + 1}/${rounds}`);
  }
  const searches = Object.fromEntries(
    sqliteSearches.map(({ key }) => [key, summarizeFields(largeStore.flatMap((round) => round.searches.filter((search) => search.key === key)), scenarioFields)]),
  ) as Record<SqliteSearch["key"], Record<(typeof scenarioFields)[number], Summary>>;
  const of = (kind: BurstKind) => bursts.filter((run) => run.kind === kind);
  const burst = Object.fromEntries(
    burstKinds.map((kind) => [
      kind,
      {
        ...summarizeFields(of(kind).map((run) => run.read), ["requestsPerSecond", "p50Ms", "p95Ms", "p99Ms", "requests", "errors"]),
        startupMs: summarize(of(kind).map((run) => run.startupMs)),
        sendsPerSecond: summarize(of(kind).map((run) => run.send.requestsPerSecond)),
        sendP99Ms: summarize(of(kind).map((run) => run.send.p99Ms)),
        sendErrors: summarize(of(kind).map((run) => run.send.errors)),
      },
    ]),
  ) as Record<BurstKind, Record<"startupMs" | "requestsPerSecond" | "p50Ms" | "p95Ms" | "p99Ms" | "requests" | "errors" | "sendsPerSecond" | "sendP99Ms" | "sendErrors", Summary>>;
  // Each round's --data run against the in-memory run of the same round.
  const roundRatio = (field: (run: BurstRun) => number) =>
    summarize([...Array(rounds).keys()].map((round) => ratio(field(of("--data")[round]!), field(of("in memory")[round]!))));
  return {
    rounds,
    count: settings.count,
    maxSeconds: settings.maxSeconds,
    warmup: settings.warmup,
    database: { messages: database.messages, bodyBytes: database.bodyBytes, layout: database.layout, fillMs: database.fillMs, builtAt: database.builtAt, bytes: database.bytes, reused: database.reused },
    recipients: storedRecipients,
    startupMs: summarize(largeStore.map((round) => round.startupMs)),
    rssAfterStartBytes: summarize(largeStore.map((round) => round.rssAfterStartBytes)),
    rssAfterSearchesBytes: summarize(largeStore.map((round) => round.rssAfterSearchesBytes)),
    peakRssBytes: summarize(largeStore.map((round) => round.peakRssBytes)),
    searches,
    burstSeconds,
    burstSenders,
    burstReaders,
    burst,
    burstP99Ratio: ratio(burst["--data"].p99Ms.median, burst["in memory"].p99Ms.median),
    burstRoundP99Ratios: roundRatio((run) => run.read.p99Ms),
    burstSendsRatio: ratio(burst["--data"].sendsPerSecond.median, burst["in memory"].sendsPerSecond.median),
    largeStore,
    bursts,
  };
}
