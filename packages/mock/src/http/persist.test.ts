// `--data`: state survives a restart, is written atomically, and a damaged file stops start-up
// without being overwritten. A state file of the first releases (version 1) is still read.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHarness } from "../../test/harness.js";
import { serverOf, stored } from "../../test/seed.js";
import { call } from "../../test/support.js";
import type { LegacyState } from "../core/store/legacy-state.js";
import type { MemorySnapshot } from "../core/store/memory-store.js";
import { createStateSaver, readStateFile, StateFileError, stateFileName, writeStateFile } from "./persist.js";
import { startMockServer } from "./server.js";

const emptySnapshot = (): MemorySnapshot => ({ sequences: {}, collections: {} });

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
    ["another version", JSON.stringify({ ...emptySnapshot(), version: 99 })],
  ])("refuses to start on a state file that is %s, and leaves it as it is", async (_name, content) => {
    const dir = mkdtempSync(join(tmpdir(), "postmark-mock-"));
    writeFileSync(join(dir, stateFileName), content);
    await expect(startMockServer({ port: 0, quiet: true, dataDir: dir })).rejects.toBeInstanceOf(StateFileError);
    expect(readFileSync(join(dir, stateFileName), "utf8")).toBe(content);
  });

  it("writes through a temporary file and a rename, leaving no temporary file behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "postmark-mock-"));
    writeStateFile(dir, emptySnapshot());
    expect(readdirSync(dir)).toEqual([stateFileName]);
    expect(readStateFile(dir)).toEqual(emptySnapshot());
  });

  it("batches saves and writes the last state on flush", async () => {
    const dir = mkdtempSync(join(tmpdir(), "postmark-mock-"));
    const snapshot = emptySnapshot();
    const saver = createStateSaver(dir, () => snapshot, 10_000);
    saver.changed();
    snapshot.sequences["server"] = 7;
    saver.changed();
    expect(readdirSync(dir)).toEqual([]);
    saver.flush();
    expect(readStateFile(dir)?.sequences["server"]).toBe(7);
  });

  it("reads a state file of the first releases (version 1): its mail stays, and new IDs stay clear of the old ones", async () => {
    // A version 1 file as those releases wrote it: one object per server, messages with their events inside.
    const mock = createHarness();
    const sent = await mock.call("POST", "/email", { body: email });
    const { server: current } = await serverOf(mock);
    const message = (await mock.emulator.messages.find(sent.json.MessageID as string))!;
    // Those releases numbered each kind of record from 1.
    const server = { ...current, ID: 3 };
    const legacy: LegacyState = {
      version: 1,
      ids: { server: server.ID + 1 },
      servers: {
        [server.ID]: {
          server,
          streams: (await stored({ store: mock.store, server: current }, "streams")).map((record) => ({ ...record.stream, ServerID: server.ID })),
          outbound: [{ details: message.details, attachments: [], at: message.at }],
          inbound: [],
          bounces: [],
          suppressions: {},
          templates: [],
          webhooks: [],
          inboundRules: [],
          opens: [],
          clicks: [],
          bulkRequests: [],
        },
      },
      tokens: { [mock.token]: server.ID },
      domains: [],
      senders: [],
      dataRemovals: [],
    };
    const dir = mkdtempSync(join(tmpdir(), "postmark-mock-"));
    writeFileSync(join(dir, stateFileName), JSON.stringify(legacy));
    const restarted = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const details = await call(restarted.url, "GET", `/messages/outbound/${message.details.MessageID}/details`, { headers: { "X-Postmark-Server-Token": mock.token } });
    const another = await call(restarted.url, "GET", "/server", { headers: { "X-Postmark-Server-Token": "another-token" } });
    await restarted.close();
    expect(details.status).toBe(200);
    expect(details.json).toMatchObject({ Subject: "Kept", MessageEvents: message.details.MessageEvents });
    // New ids are drawn from the one sequence of every kind, which starts far above the old ones.
    expect(another.json.ID).toBeGreaterThan(20_000_000);
  });
});
