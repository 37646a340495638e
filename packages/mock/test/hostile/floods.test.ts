// Floods: a webhook storm against receivers that never answer, and event-stream clients that
// never read. The mock keeps its sockets and queues under the configured bounds, says in its log
// what it dropped, and answers requests all along.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startMockServer, type RunningMock } from "../../src/http/server.js";
import { call } from "../support.js";
import { expectClearRefusal, expectStillAnswering, rawRequest } from "./raw.js";

/** A receiver that takes connections and never answers, counting the sockets open to it. */
async function startSilentReceiver() {
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  let mostOpen = 0;
  const server: Server = createServer((_request, response) => void held.push(response));
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    mostOpen = Math.max(mostOpen, sockets.size);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open: () => sockets.size,
    mostOpen: () => mostOpen,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const headers = { "X-Postmark-Server-Token": "hostile-floods" };
const email = (subject: string) => ({ From: "app@example.com", To: "jane@example.org", Subject: subject, TextBody: "Hello" });

describe("a webhook storm against receivers that never answer", () => {
  it("holds at most the configured sockets, drops past the queue limit with one log line, and keeps answering", async () => {
    const lines: string[] = [];
    const mock: RunningMock = await startMockServer({
      port: 0,
      log: (line) => lines.push(line),
      webhookConcurrency: 3,
      webhookConcurrencyPerTarget: 2,
      webhookQueueLimit: 40,
    });
    cleanup.push(() => mock.close());
    const receivers = [await startSilentReceiver(), await startSilentReceiver()];
    for (const receiver of receivers) cleanup.push(() => receiver.close());
    for (const receiver of receivers) {
      for (let i = 0; i < 10; i++) {
        const created = await call(mock.url, "POST", "/webhooks", { headers, body: { Url: `${receiver.url}/hook/${i}`, Triggers: { Delivery: { Enabled: true } } } });
        expect(created.status).toBe(200);
      }
    }
    // 20 webhooks × 10 sends: 200 posts against a queue of 40.
    for (let i = 0; i < 10; i++) expect((await call(mock.url, "POST", "/email", { headers, body: email(`storm ${i}`) })).status).toBe(200);
    await expect.poll(() => receivers[0]!.open() + receivers[1]!.open(), { timeout: 10_000 }).toBe(3);
    await expectStillAnswering(mock.url);
    expect(Math.max(receivers[0]!.mostOpen(), receivers[1]!.mostOpen())).toBeLessThanOrEqual(2);
    expect(receivers[0]!.mostOpen() + receivers[1]!.mostOpen()).toBeLessThanOrEqual(3);
    const full = lines.filter((line) => line.startsWith("webhook queue full"));
    expect(full).toHaveLength(1);
    expect(full[0]).toMatch(/limit is 40\): dropped the Delivery post to http:\/\/127\.0\.0\.1:\d+\/hook\/\d+ for message /);
  });

  it.each([
    ["--webhook-concurrency", { webhookConcurrency: 0 }],
    ["--webhook-concurrency-per-target", { webhookConcurrencyPerTarget: 1.5 }],
    ["--webhook-queue", { webhookQueueLimit: -1 }],
  ])("refuses a bound that is no whole number (%s)", async (_flag, options) => {
    await expect(startMockServer({ port: 0, quiet: true, ...options })).rejects.toThrow(/whole number/);
  });
});

describe("event-stream clients", () => {
  it("answers one stream too many with 429, and the next one once a stream closes", async () => {
    await using mock = await startMockServer({ port: 0, quiet: true });
    const controllers: AbortController[] = [];
    // Held until the end: undici closes the connection of an unread response once it is garbage
    // collected, which would leave the mock one stream short of its limit.
    const open: Response[] = [];
    for (let i = 0; i < 64; i++) {
      const controller = new AbortController();
      controllers.push(controller);
      const response = await fetch(`${mock.url}/__mock/api/stream`, { signal: controller.signal });
      expect(response.status).toBe(200);
      open.push(response);
    }
    const refused = await rawRequest(mock.url, "GET /__mock/api/stream HTTP/1.1");
    expectClearRefusal(refused, [429]);
    expect(JSON.parse(refused.body).Message).toContain("64 event streams");
    for (const controller of controllers) controller.abort();
    open.length = 0;
    await expect
      .poll(async () => (await rawRequest(mock.url, "GET /__mock/api/stream HTTP/1.1", {}, undefined, { headersOnly: true })).status, { timeout: 10_000 })
      .toBe(200);
  });

  it("drops a client that stops reading instead of buffering for it", async () => {
    const lines: string[] = [];
    await using mock = await startMockServer({ port: 0, log: (line) => lines.push(line) });
    // A client that reads the headers, then nothing more.
    const { connect } = await import("node:net");
    const { hostname, port } = new URL(mock.url);
    const socket = connect(Number(port), hostname);
    const closed = new Promise<void>((resolve) => {
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    socket.write(`GET /__mock/api/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
    await new Promise<void>((resolve) => socket.once("data", () => resolve()));
    socket.pause();
    // Each send is a `message` frame with its summary; long subjects make them large.
    const subject = "x".repeat(1_900);
    for (let batch = 0; batch < 40 && !lines.some((line) => line.startsWith("event stream dropped")); batch++) {
      const messages = Array.from({ length: 500 }, (_, i) => email(`${subject} ${batch}-${i}`));
      expect((await call(mock.url, "POST", "/email/batch", { headers, body: messages })).status).toBe(200);
    }
    expect(lines.some((line) => line.startsWith("event stream dropped: the client fell"))).toBe(true);
    await closed;
    await expectStillAnswering(mock.url);
  });
});
