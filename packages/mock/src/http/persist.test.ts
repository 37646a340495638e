// The state files of earlier releases: a `--data` folder holding one (version 2 or 1) keeps its
// mail, imported once into the database, and the file is kept renamed; a damaged one stops
// start-up without being touched.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHarness } from "../../test/harness.js";
import { serverOf, stored } from "../../test/seed.js";
import { call } from "../../test/support.js";
import { temporaryFolder } from "../../test/temporary-folders.js";
import type { LegacyState } from "../core/store/legacy-state.js";
import type { MemorySnapshot } from "../core/store/memory-store.js";
import { importedStateFileName } from "../sqlite/data-folder.js";
import { StateFileError, stateFileName } from "./persist.js";
import { startMockServer } from "./server.js";

const emptySnapshot = (): MemorySnapshot => ({ sequences: {}, collections: {} });

const headers = { "X-Postmark-Server-Token": "persisted-token" };
const email = { From: "a@example.com", To: "b@example.org", Subject: "Kept", TextBody: "Hello" };

describe("state files of earlier releases", () => {
  it("imports a version 2 file once: its mail stays, new IDs follow the old ones, and the file is kept renamed", async () => {
    const dir = temporaryFolder("postmark-mock-");
    const mock = createHarness();
    const sent = await mock.call("POST", "/email", { body: email });
    const { server } = await serverOf(mock);
    const content = JSON.stringify({ version: 2, ...mock.store.snapshot() });
    writeFileSync(join(dir, stateFileName), content);
    const first = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const details = await call(first.url, "GET", `/messages/outbound/${sent.json.MessageID}/details`, { headers: { "X-Postmark-Server-Token": mock.token } });
    const another = await call(first.url, "GET", "/server", { headers: { "X-Postmark-Server-Token": "another-token" } });
    await first.close();
    expect(details.status).toBe(200);
    expect(details.json.Subject).toBe("Kept");
    expect(another.json.ID).toBe(server.ID + 1);
    expect(existsSync(join(dir, stateFileName))).toBe(false);
    expect(readFileSync(join(dir, importedStateFileName), "utf8")).toBe(content);
    // A second start reads the database alone: nothing is imported twice.
    const second = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const list = await call(second.url, "GET", "/messages/outbound", { headers: { "X-Postmark-Server-Token": mock.token }, query: { count: 10, offset: 0 } });
    await second.close();
    expect(list.json.TotalCount).toBe(1);
  });

  it.each([
    ["not JSON", "{ this is not json"],
    ["JSON of another shape", JSON.stringify({ hello: "world" })],
    ["another version", JSON.stringify({ ...emptySnapshot(), version: 99 })],
  ])("refuses to start on a state file that is %s, and leaves it as it is", async (_name, content) => {
    const dir = temporaryFolder("postmark-mock-");
    writeFileSync(join(dir, stateFileName), content);
    await expect(startMockServer({ port: 0, quiet: true, dataDir: dir })).rejects.toBeInstanceOf(StateFileError);
    expect(readdirSync(dir).filter((name) => name.startsWith("state"))).toEqual([stateFileName]);
    expect(readFileSync(join(dir, stateFileName), "utf8")).toBe(content);
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
    const dir = temporaryFolder("postmark-mock-");
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
