// The SQLite benchmark's section of the report and its targets.
import { burstKinds, sqliteSearches, type measureSqlite } from "./sqlite.js";
import { fixed, integer, seconds, spread, table, type Format } from "./format.js";

type SqliteFigures = Awaited<ReturnType<typeof measureSqlite>>;

/** The size the store targets speak of; a smaller run shows its figures without a verdict. */
export const targetMessages = 1_000_000;

/** Requests per second, with a decimal when there are few (a search of seconds). */
const rate = (value: number): string => (value < 10 ? fixed(1)(value) : integer(value));
/** Whole megabytes: resident memory moves by more than a tenth between rounds. */
const wholeMegabytes: Format = (bytes) => fixed(0)(bytes / 1024 / 1024);

export function sqliteSection(sqlite: SqliteFigures): string[] {
  const { database } = sqlite;
  const stored = integer(database.messages);
  const built = database.reused ? `built by an earlier run (${database.builtAt}) in ${fixed(0)(database.fillMs / 1000)} s and reused` : `built by this run in ${fixed(0)(database.fillMs / 1000)} s`;
  const storeRows = [
    [
      "start-up (spawn → first answer to GET /server)",
      `${spread(sqlite.startupMs, seconds)} s (the same CLI on an empty store in the burst's rounds: ${spread(sqlite.burst["--data"].startupMs, seconds)} s with \`--data\`, ${spread(sqlite.burst["in memory"].startupMs, seconds)} s in memory)`,
    ],
    ["resident memory after the start", `${spread(sqlite.rssAfterStartBytes, wholeMegabytes)} MB`],
    ["resident memory after the searches", `${spread(sqlite.rssAfterSearchesBytes, wholeMegabytes)} MB (peak ${spread(sqlite.peakRssBytes, wholeMegabytes)} MB)`],
  ];
  const searchRows = sqliteSearches.map(({ key, name, matches }) => {
    const figures = sqlite.searches[key];
    const failed = figures.errors.runs.reduce((sum, errors) => sum + errors, 0);
    return [name, matches, spread(figures.requestsPerSecond, rate), spread(figures.p50Ms, fixed(2)), spread(figures.p95Ms, fixed(2)), spread(figures.p99Ms, fixed(2)), failed > 0 ? String(failed) : "0"];
  });
  const burstRows = burstKinds.map((kind) => {
    const figures = sqlite.burst[kind];
    const failed = figures.errors.runs.reduce((sum, errors) => sum + errors, 0) + figures.sendErrors.runs.reduce((sum, errors) => sum + errors, 0);
    return [
      kind === "--data" ? "with `--data` (SQLite, a fresh folder)" : "in memory",
      spread(figures.requestsPerSecond, integer),
      spread(figures.p50Ms, fixed(2)),
      spread(figures.p99Ms, fixed(2)),
      spread(figures.sendsPerSecond, integer),
      spread(figures.sendP99Ms, fixed(1)),
      failed > 0 ? String(failed) : "0",
    ];
  });
  return [
    "## The mock on SQLite (`--data`)",
    `The mock's CLI with \`--data\` on a database of ${stored} sent messages (${database.bodyBytes}-byte text bodies, each with its own subject, to ${sqlite.recipients} recipients), ` +
      `stored through the emulator's own send path without HTTP and ${built}; the file is ${fixed(2)(database.bytes / 1024 ** 3)} GB (layout ${database.layout.version}, ${database.layout.digest}). ` +
      `${sqlite.rounds === 1 ? "One round, starting the CLI" : `${sqlite.rounds} rounds, each starting the CLI afresh`} on it (the file's pages in the system's cache after the first); resident memory is the CLI's, from /proc. ` +
      `The searches run one request at a time, ${sqlite.warmup} warm-up requests, then up to ${integer(sqlite.count)} requests or ${sqlite.maxSeconds} s each, in a rotating order.`,
    table(["What", "This run"], storeRows),
    table(["Search", "Matches", "Requests/s", "p50 ms", "p95 ms", "p99 ms", "Failed"], searchRows),
    `A send burst: ${sqlite.burstSenders} stored sends in flight (POST /email, a 1 kB text body, a new Subject each time) while another load generator reads GET /server ${sqlite.burstReaders} at a time, both for ${sqlite.burstSeconds} s after a short warm-up of each, on the CLI in memory and with \`--data\` on a fresh folder; ${sqlite.rounds === 1 ? "one round" : `${sqlite.rounds} interleaved rounds`}. ` +
      `GET /server p99 with \`--data\` vs in memory: ${fixed(2)(sqlite.burstP99Ratio)}× (each round against its own in-memory run: ${spread(sqlite.burstRoundP99Ratios, (value) => `${fixed(2)(value)}×`)}); sends/s ${fixed(2)(sqlite.burstSendsRatio)}×.`,
    table(["Mock", "GET /server requests/s", "p50 ms", "p99 ms", "Sends/s", "Send p99 ms", "Failed"], burstRows),
  ];
}

export function sqliteTargets(sqlite: SqliteFigures | undefined, add: (area: string, goal: string, figure: string, ok: boolean | undefined) => void): void {
  if (!sqlite) return;
  const stored = sqlite.database.messages;
  const full = stored >= targetMessages;
  const at = `${stored.toLocaleString("en-US")} stored`;
  const million = targetMessages.toLocaleString("en-US");
  const startup = sqlite.startupMs.median;
  add("Mock", `SQLite: start-up to first answer ≤ 2 s with ${million} stored`, `${fixed(2)(startup / 1000)} s (${at}; ${fixed(2)(sqlite.burst["--data"].startupMs.median / 1000)} s on an empty store)`, full ? startup <= 2000 : undefined);
  for (const [when, summary] of [
    ["after the start", sqlite.rssAfterStartBytes],
    ["after the searches", sqlite.rssAfterSearchesBytes],
  ] as const) {
    add("Mock", `SQLite: resident memory ≤ 300 MB ${when}, ${million} stored`, `${wholeMegabytes(summary.median)} MB (${at})`, full ? summary.median <= 300 * 1024 * 1024 : undefined);
  }
  const labels: Record<(typeof sqliteSearches)[number]["key"], string> = {
    page: "outbound search p95, first page without a filter",
    recipient: "outbound search p95, a whole recipient",
    addressPart: "outbound search p95, a part of an address",
    subjectPart: "outbound search p95, a part of the subject",
  };
  for (const { key, goalMs } of sqliteSearches) {
    const p95 = sqlite.searches[key].p95Ms.median;
    add("Mock", `SQLite: ${labels[key]} ≤ ${goalMs} ms, ${million} stored`, `${fixed(1)(p95)} ms (${at})`, full ? p95 <= goalMs : undefined);
  }
  const { burstP99Ratio: ratio, burst } = sqlite;
  add(
    "Mock",
    "SQLite: GET /server p99 during a 32-way send burst ≤ 2× in memory",
    `${fixed(2)(ratio)}× (${fixed(2)(burst["--data"].p99Ms.median)} vs ${fixed(2)(burst["in memory"].p99Ms.median)} ms)`,
    Number.isFinite(ratio) ? ratio <= 2 : undefined,
  );
}
