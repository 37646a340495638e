// What survives a crash: a mock under `--data` killed with SIGKILL in the middle of a burst of
// sends, then started again on the same folder, still has every message it answered with a
// MessageID. Five rounds on one folder, each killed at another point of its burst.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "../../test/temporary-folders.js";

// The built command, as `postmark-mock` runs it (the test task builds first).
const cli = fileURLToPath(new URL("../../dist/src/cli.js", import.meta.url));
const headers = { Accept: "application/json", "Content-Type": "application/json", "X-Postmark-Server-Token": "crash-token" };
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Starts the CLI on the folder and resolves with its URL once it listens. */
async function start(dir: string): Promise<{ url: string; child: ChildProcess; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [cli, "--port", "0", "--data", dir], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCK_PORT: "", MOCK_MODE: "" } });
  children.push(child);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      if (output.includes("listening")) return;
      output += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", () => reject(new Error(`The mock stopped before listening:\n${output}`)));
  });
  return { url, child, exited };
}

/** Sends until the mock dies, 16 at a time; returns the MessageIDs it answered. */
async function sendUntilKilled(url: string, killAfter: number, kill: () => void): Promise<string[]> {
  const acknowledged: string[] = [];
  let sent = 0;
  let dead = false;
  const worker = async () => {
    while (!dead) {
      const n = sent++;
      if (n === killAfter) kill();
      try {
        const response = await fetch(`${url}/email`, { method: "POST", headers, body: JSON.stringify({ From: "app@example.com", To: `reader${n}@example.org`, Subject: `Burst ${n}`, TextBody: "Hello" }) });
        const body = (await response.json()) as { MessageID?: string };
        if (response.status === 200 && body.MessageID) acknowledged.push(body.MessageID);
      } catch {
        dead = true;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return acknowledged;
}

async function storedIds(url: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let offset = 0; ; offset += 500) {
    const response = await fetch(`${url}/messages/outbound?count=500&offset=${offset}`, { headers });
    const page = (await response.json()) as { Messages: { MessageID: string }[] };
    for (const message of page.Messages) ids.add(message.MessageID);
    if (page.Messages.length < 500) return ids;
  }
}

describe("a mock killed in the middle of a burst of sends", () => {
  it("keeps every message it answered, over 5 kills and restarts", async () => {
    const dir = temporaryFolder("postmark-crash-");
    const acknowledged: string[] = [];
    let mock = await start(dir);
    for (let round = 0; round < 5; round++) {
      const { child } = mock;
      acknowledged.push(...(await sendUntilKilled(mock.url, 40 + round * 23, () => child.kill("SIGKILL"))));
      await mock.exited;
      mock = await start(dir);
      const stored = await storedIds(mock.url);
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    }
    expect(acknowledged.length).toBeGreaterThan(100);
    mock.child.kill("SIGKILL");
    // Six starts of the command: a few seconds on an idle machine, much longer on a busy one.
  }, 120_000);
});
