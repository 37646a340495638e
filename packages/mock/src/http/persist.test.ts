// `--data`: state survives a restart, is written atomically, and a damaged file stops start-up
// without being overwritten.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { call } from "../../test/support.js";
import { createStateSaver, readStateFile, StateFileError, stateFileName, writeStateFile } from "./persist.js";
import { startMockServer } from "./server.js";
import { emptyState } from "../core/state.js";

const headers = { "X-Postmark-Server-Token": "persisted-token" };
const email = { From: "a@example.com", To: "b@example.org", Subject: "Kept", TextBody: "Hello" };

describe("state kept in a folder", () => {
  it("survives a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "postmark-mock-"));
    const first = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const sent = await call(first.url, "POST", "/email", { headers, body: email });
    await first.close();
    const second = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const details = await call(second.url, "GET", `/messages/outbound/${sent.json.MessageID}/details`, { headers });
    await second.close();
    expect(details.status).toBe(200);
    expect(details.json.Subject).toBe("Kept");
  });

  it.each([
    ["not JSON", "{ this is not json"],
    ["JSON of another shape", JSON.stringify({ hello: "world" })],
    ["another version", JSON.stringify({ ...emptyState(), version: 99 })],
  ])("refuses to start on a state file that is %s, and leaves it as it is", async (_name, content) => {
    const dir = mkdtempSync(join(tmpdir(), "postmark-mock-"));
    writeFileSync(join(dir, stateFileName), content);
    await expect(startMockServer({ port: 0, quiet: true, dataDir: dir })).rejects.toBeInstanceOf(StateFileError);
    expect(readFileSync(join(dir, stateFileName), "utf8")).toBe(content);
  });

  it("writes through a temporary file and a rename, leaving no temporary file behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "postmark-mock-"));
    writeStateFile(dir, emptyState());
    expect(readdirSync(dir)).toEqual([stateFileName]);
    expect(readStateFile(dir)).toEqual(emptyState());
  });

  it("batches saves and writes the last state on flush", async () => {
    const dir = mkdtempSync(join(tmpdir(), "postmark-mock-"));
    const state = emptyState();
    const saver = createStateSaver(dir, () => state, 10_000);
    saver.changed();
    state.ids["server"] = 7;
    saver.changed();
    expect(readdirSync(dir)).toEqual([]);
    saver.flush();
    expect(readStateFile(dir)?.ids["server"]).toBe(7);
  });
});
