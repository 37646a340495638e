// The HTTP mock posts its events: webhooks configured over the API fire after sends, each attempt
// is logged, the log is on the running mock, and closing never waits for a retry.
import { parseWebhook } from "@postmark-openapi/client";
import { afterEach, describe, expect, it } from "vitest";
import { call } from "../../test/support.js";
import { startReceiver, webhookSchemaErrors, type Receiver } from "../../test/webhooks.js";
import { startMockServer, type RunningMock } from "./server.js";

const headers = { "X-Postmark-Server-Token": "webhooks-test-token" };
const running: (RunningMock | Receiver)[] = [];
afterEach(async () => {
  for (const entry of running.splice(0)) await entry.close();
});

async function start(options: { webhookRetryScale?: number } = {}) {
  const lines: string[] = [];
  const mock = await startMockServer({ port: 0, log: (line) => lines.push(line), ...options });
  const receiver = await startReceiver();
  running.push(mock, receiver);
  return { mock, receiver, lines };
}

describe("webhooks of the running mock", () => {
  it("posts a send's Delivery to a webhook made over the API, retries a 500 and logs both attempts", async () => {
    const { mock, receiver, lines } = await start({ webhookRetryScale: 0.0005 });
    const created = await call(mock.url, "POST", "/webhooks", {
      headers,
      body: { Url: `${receiver.url}/hooks`, HttpAuth: { Username: "me", Password: "hook-password" }, Triggers: { Delivery: { Enabled: true } } },
    });
    expect(created.status).toBe(200);
    receiver.answers.push(503);
    const sent = await call(mock.url, "POST", "/email", { headers, body: { From: "app@example.com", To: "reader@example.org", Subject: "Hi", TextBody: "Hello" } });
    expect(sent.status).toBe(200);

    const [, retried] = await receiver.waitForPosts(2);
    expect(retried!.headers["authorization"]).toBe(`Basic ${Buffer.from("me:hook-password").toString("base64")}`);
    expect(webhookSchemaErrors("Delivery", JSON.parse(retried!.body))).toEqual([]);
    expect(parseWebhook(retried!.body)).toMatchObject({ RecordType: "Delivery", MessageID: sent.json.MessageID });

    await mock.webhooks!.idle();
    const log = mock.webhooks!.deliveries({ messageId: sent.json.MessageID });
    expect(log.map((entry) => [entry.Attempt, entry.Status, entry.Outcome])).toEqual([
      [2, 200, "delivered"],
      [1, 503, "retrying"],
    ]);
    const webhookLines = lines.filter((line) => line.startsWith("webhook "));
    expect(webhookLines).toHaveLength(2);
    expect(lines.join("\n")).not.toContain("hook-password");
    expect(lines.join("\n")).not.toContain(headers["X-Postmark-Server-Token"]);
  });

  it("closes at once while a retry is waiting on Postmark's real schedule", async () => {
    const { mock, receiver } = await start();
    await call(mock.url, "PUT", "/server", { headers, body: { DeliveryHookUrl: `${receiver.url}/down` } });
    receiver.answers.push(500);
    await call(mock.url, "POST", "/email", { headers, body: { From: "app@example.com", To: "reader@example.org", Subject: "Hi", TextBody: "Hello" } });
    await expect.poll(() => mock.webhooks!.deliveries().length).toBe(1);
    expect(mock.webhooks!.deliveries()[0]).toMatchObject({ Outcome: "retrying", Status: 500 });
    running.splice(running.indexOf(mock), 1);
    const started = performance.now();
    await mock.close();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("has no dispatcher in documented-example mode", async () => {
    const mock = await startMockServer({ port: 0, mode: "static", quiet: true });
    running.push(mock);
    expect(mock.webhooks).toBeUndefined();
  });
});
