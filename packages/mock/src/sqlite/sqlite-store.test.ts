// The SQLite engine passes the storage API's conformance suite, on a database file it opens again,
// and acknowledges a commit's units only once the commit is durable.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { describeStoreConformance, server } from "../../test/store-conformance.js";
import { openDatabaseFile } from "./sqlite-file.js";
import { createSqliteStore, type SqliteStoreOptions } from "./sqlite-store.js";

const files = new WeakMap<object, string>();

describeStoreConformance("SQLite", {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), "postmark-sqlite-")), "postmark.db");
    const store = createSqliteStore(await openDatabaseFile(file));
    files.set(store, file);
    return store;
  },
  async reopen(store) {
    const file = files.get(store)!;
    const reopened = createSqliteStore(await openDatabaseFile(file));
    files.set(reopened, file);
    return reopened;
  },
});

// Pages of filters with several terms taken by walking the records in order, as large stores do.
describeStoreConformance("SQLite, pages walking the records", {
  async open() {
    return createSqliteStore(await openDatabaseFile(join(mkdtempSync(join(tmpdir(), "postmark-sqlite-")), "postmark.db")), { manyPicks: 0 });
  },
});

describe("the SQLite store's group commit", () => {
  const open = async (options: SqliteStoreOptions) => createSqliteStore(await openDatabaseFile(join(mkdtempSync(join(tmpdir(), "postmark-sqlite-")), "postmark.db")), options);

  it("answers the units of one commit only once its fsync is done, and fails them all when it fails", async () => {
    const syncs: { resolve: () => void; reject: (error: Error) => void }[] = [];
    const store = await open({ durable: () => new Promise<void>((resolve, reject) => syncs.push({ resolve, reject })) });
    const settled: number[] = [];
    const units = [1, 2, 3].map((id) => store.transaction(async (tx) => tx.servers.put(server(id))).then(() => settled.push(id)));
    await vi.waitFor(() => expect(syncs).toHaveLength(1));
    // a read-only unit needs no fsync of its own
    expect(await store.transaction(async (tx) => (await tx.servers.find()).length)).toBe(3);
    expect(settled).toEqual([]);
    syncs[0]!.resolve();
    await Promise.all(units);
    expect(settled).toEqual([1, 2, 3]);

    const failing = [4, 5].map((id) => store.transaction(async (tx) => tx.servers.put(server(id))));
    await vi.waitFor(() => expect(syncs).toHaveLength(2));
    syncs[1]!.reject(new Error("EIO"));
    for (const unit of failing) await expect(unit).rejects.toThrow(/could not make sure it reached the disk: EIO/);
    await store.close();
  });
});

describe("the SQLite store's setup kept in memory", () => {
  it("is read again after a write, and forgets what a unit that throws read of its own writes", async () => {
    const store = createSqliteStore(await openDatabaseFile(join(mkdtempSync(join(tmpdir(), "postmark-sqlite-")), "postmark.db")));
    const ids = () => store.transaction(async (tx) => (await tx.servers.find({ order: "oldest" })).map((record) => record.server.ID));
    await store.transaction(async (tx) => tx.servers.put(server(1)));
    expect(await ids()).toEqual([1]);
    await store.transaction(async (tx) => tx.servers.put(server(2)));
    expect(await ids()).toEqual([1, 2]);
    const failing = store.transaction(async (tx) => {
      await tx.servers.put(server(3));
      expect((await tx.servers.find()).length).toBe(3);
      expect((await tx.servers.get(3))?.server.ID).toBe(3);
      throw new Error("undone");
    });
    await expect(failing).rejects.toThrow("undone");
    expect(await ids()).toEqual([1, 2]);
    expect(await store.transaction(async (tx) => tx.servers.get(3))).toBeUndefined();
    await store.close();
  });
});

