// The command line: the webhook retry flag reaches the mock, and a bad value is refused.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { call } from "../test/support.js";
import { startReceiver, type Receiver } from "../test/webhooks.js";

// The built command, as `postmark-mock` runs it (the test task builds first).
const cli = fileURLToPath(new URL("../dist/src/cli.js", import.meta.url));
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCK_PORT: "", MOCK_MODE: "" } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("postmark-mock --webhook-retry-scale", () => {
  it("retries a failed webhook post on the compressed schedule and stops promptly on SIGTERM", async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const mock = run(["--port", "0", "--webhook-retry-scale", "0.0005"]);
    await expect.poll(() => /listening on (http:\/\/\S+)/.exec(mock.output())?.[1], { timeout: 10_000 }).toBeTruthy();
    const url = /listening on (http:\/\/\S+)/.exec(mock.output())![1]!;
    const headers = { "X-Postmark-Server-Token": "cli-test-token" };
    await call(url, "PUT", "/server", { headers, body: { DeliveryHookUrl: `${receiver.url}/delivery` } });
    receiver.answers.push(500, 500);
    await call(url, "POST", "/email", { headers, body: { From: "app@example.com", To: "reader@example.org", Subject: "Hi", TextBody: "Hello" } });
    // Postmark's 1 and 5 minute waits take 30 and 150 ms here.
    await receiver.waitForPosts(3, 5_000);
    await expect.poll(() => mock.output().match(/^webhook Delivery POST /gm)?.length).toBe(3);
    receiver.answers.push(500);
    mock.child.kill("SIGTERM");
    expect(await mock.exited).toBe(0);
  });

  it.each(["-1", "fast"])("refuses %s", async (value) => {
    const mock = run(["--port", "0", `--webhook-retry-scale=${value}`]);
    expect(await mock.exited).toBe(2);
    expect(mock.output()).toContain(`Invalid --webhook-retry-scale: ${value}`);
  });
});
