// What replicas on PostgreSQL do when things fail: a database that cannot be reached stops
// start-up with a clear message and no password; a database restarting makes requests answer 503
// until it is back, then they go on without a restart of the mock; a replica killed in the middle
// of a burst loses no message it acknowledged and no webhook post (the other replica makes them).
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, inject, it } from "vitest";
import { call } from "../../test/support.js";
import { startPostgres, type RunningPostgres } from "../../test/postgres/embedded.js";
import { startReceiver, type Receiver } from "../../test/webhooks.js";
import { startMockServer, type RunningMock } from "../http/server.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
});

const headers = { "X-Postmark-Server-Token": "fault-token" };
const email = (subject: string) => ({ From: "app@example.com", To: "jane@example.org", Subject: subject, TextBody: "Hello" });
let schemas = 0;
const schema = () => `faults_${process.pid}_${++schemas}`;

/** A replica in a process of its own (the built mock), to be killed; resolves with its URL. */
function startReplicaProcess(options: Record<string, unknown>): Promise<{ url: string; child: ChildProcess }> {
  const server = pathToFileURL(join(packageDir, "dist", "src", "http", "server.js")).href;
  const script = `const { startMockServer } = await import(${JSON.stringify(server)}); const mock = await startMockServer(JSON.parse(process.argv[1])); console.log(mock.url);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, JSON.stringify({ port: 0, quiet: true, ...options })], { stdio: ["ignore", "pipe", "inherit"] });
  cleanup.push(async () => child.kill("SIGKILL"));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`The replica exited with ${code} before it listened.`)));
    child.stdout!.once("data", (chunk: Buffer) => resolve({ url: chunk.toString().trim(), child }));
  });
}

describe("replicas on PostgreSQL, when things fail", () => {
  it("stop start-up with a clear message when the database cannot be reached, never showing the password", async () => {
    const failure = await startMockServer({ port: 0, quiet: true, database: "postgres://mock-user:very-secret-word@127.0.0.1:1/postmark" }).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^Cannot reach the PostgreSQL database at postgres:\/\/127\.0\.0\.1:1\/postmark: .*ECONNREFUSED/);
    expect((failure as Error).message).not.toContain("very-secret-word");
    expect((failure as Error).message).not.toContain("mock-user");
  });

  it("answer 503 while the database restarts, then go on without a restart of the mock", async () => {
    const postgres: RunningPostgres = await startPostgres();
    cleanup.push(() => postgres.remove());
    const mock: RunningMock = await startMockServer({ port: 0, quiet: true, database: postgres.url, databaseSchema: schema() });
    cleanup.push(() => mock.close());
    expect((await call(mock.url, "POST", "/email", { headers, body: email("Before") })).status).toBe(200);

    await postgres.stop();
    const during = await call(mock.url, "POST", "/email", { headers, body: email("During") });
    expect(during.status).toBe(503);
    expect(during.json.Message).toMatch(/cannot reach its PostgreSQL database/);
    expect((await call(mock.url, "GET", "/messages/outbound", { headers, query: { count: 10, offset: 0 } })).status).toBe(503);

    await postgres.start();
    await expect.poll(async () => (await call(mock.url, "POST", "/email", { headers, body: email("After") })).status, { timeout: 30_000, interval: 200 }).toBe(200);
    const search = await call(mock.url, "GET", "/messages/outbound", { headers, query: { count: 10, offset: 0 } });
    expect(search.json.Messages.map((message: { Subject: string }) => message.Subject).sort()).toEqual(["After", "Before"]);
  }, 120_000);

  it("lose no acknowledged message and no webhook post when a replica is killed in the middle of a burst", async () => {
    const databaseSchema = schema();
    const database = inject("postgresUrl");
    const receiver: Receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const survivor = await startMockServer({ port: 0, quiet: true, database, databaseSchema, webhookTimeoutMs: 1_000 });
    cleanup.push(() => survivor.close());
    expect((await call(survivor.url, "PUT", "/server", { headers, body: { DeliveryHookUrl: `${receiver.url}/hooks` } })).status).toBe(200);
    const { url, child } = await startReplicaProcess({ database, databaseSchema, webhookTimeoutMs: 1_000 });

    const acknowledged: string[] = [];
    const sends = Array.from({ length: 40 }, async (_, i) => {
      const sent = await call(url, "POST", "/email", { headers, body: email(`Burst ${i}`) }).catch(() => undefined);
      if (sent?.status === 200) {
        acknowledged.push(sent.json.MessageID);
        if (acknowledged.length === 10) child.kill("SIGKILL");
      }
    });
    await Promise.all(sends);
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);

    for (const messageId of acknowledged) expect((await call(survivor.url, "GET", `/messages/outbound/${messageId}/details`, { headers })).status).toBe(200);
    // Every acknowledged message's delivery is posted: by the dead replica before it died, or by the survivor.
    await expect.poll(() => acknowledged.filter((id) => !receiver.posts.some((post) => post.body.includes(id))), { timeout: 60_000, interval: 250 }).toEqual([]);
  }, 120_000);
});
