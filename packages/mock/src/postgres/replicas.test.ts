// Two local Postmarks on one PostgreSQL agree, through the HTTP API: a send on one is found on the
// other at once, the other's live stream shows it, a fault set on one is met on the other (once),
// and each webhook post is made once across both, with one delivery log.
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { createSchemaPool } from "../../test/postgres/schema-pool.js";
import { call } from "../../test/support.js";
import { startReceiver, type Receiver } from "../../test/webhooks.js";
import { startMockServer, type MockOptions, type RunningMock } from "../http/server.js";

const running: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const entry of running.splice(0).reverse()) await entry.close();
});
const schemas = createSchemaPool(inject("postgresUrl"), "replicas");
afterAll(() => schemas.close());

/** Two replicas on a schema of their own in the run's database (given back once both have stopped). */
async function replicas(options: MockOptions = {}): Promise<[RunningMock, RunningMock]> {
  const databaseSchema = await schemas.take();
  running.push({ close: async () => schemas.give(databaseSchema) });
  const start = () => startMockServer({ port: 0, quiet: true, database: inject("postgresUrl"), databaseSchema, ...options });
  const a = await start();
  running.push(a);
  const b = await start();
  running.push(b);
  return [a, b];
}

const token = "replica-token";
const headers = { "X-Postmark-Server-Token": token };
const email = (subject: string, to = "jane@example.org") => ({ From: "app@example.com", To: to, Subject: subject, TextBody: "Hello" });

/** Reads an event stream until `done` says it has seen enough; the frames, as text. */
async function readStream(url: string, done: (text: string) => boolean, started: () => Promise<void>): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let kicked = false;
  const timeout = setTimeout(() => controller.abort(), 60_000);
  try {
    while (!done(text)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      text += decoder.decode(value, { stream: true });
      if (!kicked && text.includes(": connected")) {
        kicked = true;
        await started();
      }
    }
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  return text;
}

// Generous limits: replicas start slowly on a busy machine, and nothing here waits on a clock.
describe("two replicas on one PostgreSQL", { timeout: 120_000 }, () => {
  it("find on one what was sent through the other, at once, with IDs from one sequence", async () => {
    const [a, b] = await replicas();
    const sent = await call(a.url, "POST", "/email", { headers, body: email("Through A") });
    expect(sent.status).toBe(200);
    const details = await call(b.url, "GET", `/messages/outbound/${sent.json.MessageID}/details`, { headers });
    expect(details.status).toBe(200);
    expect(details.json).toMatchObject({ Subject: "Through A", Recipients: ["jane@example.org"] });
    const search = await call(b.url, "GET", "/messages/outbound", { headers, query: { count: 10, offset: 0, recipient: "jane@" } });
    expect(search.json.TotalCount).toBe(1);
    // Both know the server the token made on A; a server made on B gets the next ID.
    const onA = await call(a.url, "GET", "/server", { headers });
    const onB = await call(b.url, "GET", "/server", { headers });
    expect(onB.json.ID).toBe(onA.json.ID);
    const other = await call(b.url, "GET", "/server", { headers: { "X-Postmark-Server-Token": "another-token" } });
    expect(other.json.ID).toBeGreaterThan(onA.json.ID);
  });

  it("show on one replica's live stream the mail sent through the other", async () => {
    const [a, b] = await replicas();
    let messageId = "";
    const text = await readStream(
      `${b.url}/__mock/api/stream`,
      (seen) => messageId !== "" && seen.includes(messageId),
      async () => {
        const sent = await call(a.url, "POST", "/email", { headers, body: email("Live") });
        messageId = sent.json.MessageID;
      },
    );
    expect(text).toContain("event: message");
    expect(text).toContain(messageId);
  });

  it("meet a fault set on one replica on the other, each of its Count once", async () => {
    const [a, b] = await replicas();
    const added = await call(a.url, "POST", "/__mock/api/faults", { body: { Method: "POST", Path: "/email", Status: 503, Count: 1 } });
    expect(added.status).toBe(200);
    expect((await call(b.url, "GET", "/__mock/api/faults")).json.Faults).toHaveLength(1);
    const first = await call(b.url, "POST", "/email", { headers, body: email("Faulted") });
    expect(first.status).toBe(503);
    const second = await call(a.url, "POST", "/email", { headers, body: email("Fine") });
    expect(second.status).toBe(200);
    expect((await call(a.url, "GET", "/__mock/api/faults")).json.Faults).toEqual([]);
  });

  it("post each webhook once across replicas, retries included, into one delivery log", async () => {
    const [a, b] = await replicas({ webhookRetryScale: 0.0005 });
    const receiver = await startReceiver();
    running.push(receiver);
    expect((await call(a.url, "PUT", "/server", { headers, body: { DeliveryHookUrl: `${receiver.url}/hooks` } })).status).toBe(200);
    receiver.answers.push(503);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const sent = await call(i % 2 ? a.url : b.url, "POST", "/email", { headers, body: email(`Burst ${i}`) });
      expect(sent.status).toBe(200);
      ids.push(sent.json.MessageID);
    }
    // Ten deliveries, one of them refused once and retried: eleven posts, and no more.
    await receiver.waitForPosts(11, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const posted = receiver.posts.map((post) => JSON.parse(post.body).MessageID as string);
    expect(posted).toHaveLength(11);
    expect(new Set(posted)).toEqual(new Set(ids));
    const log = await call(b.url, "GET", "/__mock/api/webhook-deliveries");
    expect(log.json.Deliveries).toHaveLength(11);
    expect(log.json.Deliveries.filter((entry: { Outcome: string }) => entry.Outcome === "retrying")).toHaveLength(1);
    // Either replica describes any message with the posts made for it, by whichever replica made them.
    for (const [i, id] of ids.entries()) {
      const url = i % 2 ? b.url : a.url;
      const described = await call(url, "GET", `/__mock/api/messages/${id}`);
      const waited = await call(url, "GET", `/__mock/api/wait?subject=${encodeURIComponent(`Burst ${i}`)}&timeout=1`);
      expect(described.json.WebhookDeliveries.length).toBeGreaterThan(0);
      expect(waited.json.WebhookDeliveries).toEqual(described.json.WebhookDeliveries);
    }
  });

  it("forget everything on a reset through either", async () => {
    const [a, b] = await replicas();
    await call(a.url, "POST", "/email", { headers, body: email("Gone soon") });
    expect((await call(b.url, "POST", "/__mock/api/reset")).status).toBe(200);
    expect((await call(a.url, "GET", "/__mock/api/messages")).json.TotalCount).toBe(0);
  });
});
