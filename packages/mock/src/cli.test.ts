// The command as it runs: flags that reach the mock it starts, the start-up line, a taken port, and
// refusals turned into exit code 2.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { call } from "../test/support.js";
import { startReceiver, type Receiver } from "../test/webhooks.js";

// The built command, as `postmark-mock` runs it (the test task builds first).
const cli = fileURLToPath(new URL("../dist/src/cli.js", import.meta.url));
const receivers: Receiver[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  // A test that failed before stopping its mock leaves it running: it goes with the test.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCK_PORT: "", MOCK_MODE: "" } });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // The URL of the start-up line, once it is printed: waited for as an event, not polled against
  // a clock, so a start on a busy machine is only bounded by the test's own timeout.
  const listening = new Promise<string>((resolve, reject) => {
    const look = () => {
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on("data", look);
    child.stderr.on("data", look);
    void exited.then((code) => reject(new Error(`postmark-mock exited with ${code} before listening:\n${output}`)));
  });
  listening.catch(() => {});
  return { child, exited, listening, output: () => output };
}

/** A mock's start takes seconds of CPU: on a machine shared with other work, far more than vitest's default. */
const startTimeout = 120_000;

describe("postmark-mock --webhook-retry-scale", () => {
  it("retries a failed webhook post on the compressed schedule and stops promptly on SIGTERM", async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const mock = run(["--port", "0", "--webhook-retry-scale", "0.0005"]);
    const url = await mock.listening;
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
  }, startTimeout);

});

describe("postmark-mock --smtp-port and --no-smtp", () => {
  it.each([
    [[], /, SMTP at smtp:\/\/127\.0\.0\.1:\d+$/m],
    [["--smtp-port", "0"], /, SMTP at smtp:\/\/127\.0\.0\.1:\d+$/m],
    [["--no-smtp"], /__mock\/api$/m],
  ])("with %j names the SMTP listener in its start-up line, or none", async (args, line) => {
    const mock = run(["--port", "0", ...args]);
    await mock.listening;
    expect(mock.output()).toMatch(line);
    mock.child.kill("SIGTERM");
    expect(await mock.exited).toBe(0);
  }, startTimeout);

  it("says which port is taken and which flags move it, without a stack trace", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const mock = run(["--port", "0", "--smtp-port", String(port)]);
      expect(await mock.exited).toBe(2);
      expect(mock.output()).toContain(`The SMTP port ${port} on 127.0.0.1 is already in use.`);
      expect(mock.output()).toContain("choose another port with --smtp-port <port> (0 picks a free one), or start without SMTP with --no-smtp");
      expect(mock.output()).not.toMatch(/\bat \S+ \(/);
    } finally {
      taken.close();
    }
  });
});

describe("postmark-mock --cors and --allowed-hosts", () => {
  it("reflects each origin given, several in one flag or in several, and answers an allowed host", async () => {
    const mock = run(["--port", "0", "--cors", "http://localhost:5173,http://localhost:3000", "--cors", "http://app.localhost:8080", "--allowed-hosts", "postmark"]);
    const url = await mock.listening;
    try {
      for (const origin of ["http://localhost:5173", "http://localhost:3000", "http://app.localhost:8080"]) {
        const answer = await fetch(`${url}/__mock/api/messages`, { headers: { Origin: origin } });
        expect(answer.headers.get("access-control-allow-origin")).toBe(origin);
      }
      const other = await fetch(`${url}/__mock/api/messages`, { headers: { Origin: "http://localhost:4000" } });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      const { request } = await import("node:http");
      const status = await new Promise<number>((resolve, reject) => {
        const { hostname, port } = new URL(url);
        request({ hostname, port, path: "/__mock/api/messages", headers: { Host: "postmark:4010" } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on("error", reject)
          .end();
      });
      expect(status).toBe(200);
    } finally {
      mock.child.kill("SIGTERM");
      await mock.exited;
    }
  }, startTimeout);
});

describe("postmark-mock --quiet", () => {
  it("prints the start-up line with the URLs, and no line for a request", async () => {
    const mock = run(["--port", "0", "--quiet"]);
    const url = await mock.listening;
    expect(mock.output()).toContain(`inbox at ${url}/__mock/`);
    const answer = await call(url, "GET", "/server", { headers: { "X-Postmark-Server-Token": "quiet-test" } });
    expect(answer.status).toBe(200);
    mock.child.kill("SIGTERM");
    expect(await mock.exited).toBe(0);
    expect(mock.output().trim().split("\n")).toHaveLength(1);
  }, startTimeout);
});

// Each refusal of a flag is checked in-process (cli-options.test.ts); these show that the command
// turns one into exit code 2 and its message, whichever check refuses it, with no stack trace and
// no credentials, and that a database it cannot reach stops it the same way.
describe("postmark-mock refusing its flags", () => {
  it.each([
    [["--cors"], "--cors takes one or more origins"],
    [["--webhook-retry-scale=-1"], "Invalid --webhook-retry-scale: -1"],
    [["--proxy", "ftp://api.postmarkapp.com"], "--proxy takes an http or https URL"],
    [["--database", "postgres://cli-user:cli-secret-word@127.0.0.1:1/postmark", "--database-schema", "no-dashes"], 'Invalid --database-schema "no-dashes"'],
    [["--database", "postgres://cli-user:cli-secret-word@127.0.0.1:1/postmark"], "Cannot reach the PostgreSQL database at postgres://127.0.0.1:1/postmark"],
  ])("%j stops at once with a clear message and no credentials", async (args, message) => {
    const mock = run(["--port", "0", ...args]);
    expect(await mock.exited).toBe(2);
    expect(mock.output()).toContain(message);
    expect(mock.output()).not.toContain("cli-secret-word");
    expect(mock.output()).not.toContain("cli-user");
    expect(mock.output()).not.toMatch(/\bat \S+ \(/);
  });
});
