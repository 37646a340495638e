// The SQLite engine passes the storage API's conformance suite, on a database file it opens again,
// and acknowledges a commit's units only once the commit is durable.
import { describe, expect, it, vi } from "vitest";
import { seedMessages } from "../core/store/seed-messages.js";
import { describeStoreConformance, message, server } from "../../test/store-conformance.js";
import { openDatabaseFile } from "./sqlite-file.js";
import { createSqliteStore, type SqliteStoreOptions } from "./sqlite-store.js";
import { newDatabaseFile } from "../../test/sqlite-files.js";

const files = new WeakMap<object, string>();

describeStoreConformance("SQLite", {
  async open() {
    const file = newDatabaseFile();
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
    return createSqliteStore(await openDatabaseFile(newDatabaseFile()), { manyPicks: 0 });
  },
});

describe("the SQLite store's group commit", () => {
  const open = async (options: SqliteStoreOptions) => createSqliteStore(await openDatabaseFile(newDatabaseFile()), options);

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
    const store = createSqliteStore(await openDatabaseFile(newDatabaseFile()));
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

describe("the SQLite store's terms", () => {
  it("holds each value once while a record links to it, with its trigrams, and forgets it with the last link", async () => {
    const db = await openDatabaseFile(newDatabaseFile());
    const store = createSqliteStore(db);
    const terms = () => db.prepare(`SELECT t.name, t.value, (SELECT count(*) FROM "outbound__links" WHERE term = t.id) AS links FROM "outbound__terms" t WHERE t.name IN ('recipient', 'subject') ORDER BY t.name, t.value`).all();
    const words = () => Number(db.prepare(`SELECT count(*) AS n FROM "outbound__words"`).get()?.["n"]);
    const first = message(1, { at: 1, to: ["ann@example.org", "bob@example.org"], subject: "Hello", id: "m1" });
    await store.transaction(async (tx) => {
      await tx.outbound.put(first);
      await tx.outbound.put(message(1, { at: 2, to: ["ann@example.org"], subject: "Hello", id: "m2" }));
    });
    expect(terms()).toEqual([
      { name: "recipient", value: "ann@example.org", links: 2 },
      { name: "recipient", value: "bob@example.org", links: 1 },
      { name: "subject", value: "hello", links: 2 },
    ]);
    // m1 again, to Ann and Cy: Bob's term goes, Ann's stays
    await store.transaction(async (tx) => tx.outbound.put({ ...first, details: { ...first.details, Recipients: ["ann@example.org", "cy@example.org"] } }));
    expect(terms()).toEqual([
      { name: "recipient", value: "ann@example.org", links: 2 },
      { name: "recipient", value: "cy@example.org", links: 1 },
      { name: "subject", value: "hello", links: 2 },
    ]);
    const found = await store.transaction(async (tx) => (await tx.outbound.find({ where: { recipient: { contains: "bob@" } } })).length);
    expect(found).toBe(0);
    await store.transaction(async (tx) => {
      await tx.outbound.delete("m1");
      await tx.outbound.delete("m2");
    });
    expect(terms()).toEqual([]);
    // the trigram index holds the terms left (those of recipientOrName, none now), not one row per record and value
    expect(words()).toBe(Number(db.prepare(`SELECT count(*) AS n FROM "outbound__terms"`).get()?.["n"]));
    await store.close();
  });
});

describe("seedMessages", () => {
  it("stores every message through the engine's write path, searchable as sent ones are", async () => {
    const store = createSqliteStore(await openDatabaseFile(newDatabaseFile()));
    await store.transaction(async (tx) => tx.servers.put(server(1)));
    await seedMessages(store, 2500, (index) => message(1, { at: index, to: [`customer-${index % 10}@example.org`], subject: `Order ${index}`, id: `seed-${index}` }), 1000);
    const [all, customer, subject] = await store.transaction(async (tx) => [
      await tx.outbound.count({ scope: 1 }),
      await tx.outbound.page({ scope: 1, where: { recipient: { contains: "customer-7@" } }, limit: 2 }),
      await tx.outbound.find({ scope: 1, where: { subject: { contains: "order 1234" } } }),
    ] as const);
    expect(all).toBe(2500);
    expect(customer.total).toBe(250);
    expect(customer.items.map((record) => record.details.MessageID)).toEqual(["seed-2497", "seed-2487"]);
    expect(subject.map((record) => record.details.MessageID)).toEqual(["seed-1234"]);
    await store.close();
  });
});

describe("the SQLite store's search by terms and a counted index", () => {
  it("tests the counted index on each pick unless every record of the server has the value", async () => {
    const store = createSqliteStore(await openDatabaseFile(newDatabaseFile()));
    const search = () =>
      store.transaction(async (tx) => {
        const page = await tx.outbound.page({ scope: 1, where: { recipient: { contains: "ann@" }, stream: "outbound" }, limit: 10 });
        return { total: page.total, ids: page.items.map((record) => record.details.MessageID) };
      });
    await store.transaction(async (tx) => {
      await tx.outbound.put(message(1, { at: 1, to: ["ann@example.org"], id: "m1" }));
      await tx.outbound.put(message(1, { at: 2, to: ["ann@example.org"], stream: "broadcast", id: "m2" }));
      await tx.outbound.put(message(2, { at: 3, to: ["ann@example.org"], stream: "broadcast", id: "m3" }));
    });
    expect(await search()).toEqual({ total: 1, ids: ["m1"] });
    await store.transaction(async (tx) => tx.outbound.delete("m2"));
    expect(await search()).toEqual({ total: 1, ids: ["m1"] });
    await store.close();
  });
});


describe("the SQLite store's count of records that hold any of several terms", () => {
  it("counts links while no record of the server held several values, and each record once after one did, marks made again on open", async () => {
    const file = newDatabaseFile();
    let db = await openDatabaseFile(file);
    let store = createSqliteStore(db);
    const marks = () => db.prepare("SELECT tbl, scope, idx FROM counts WHERE idx LIKE 'several %' ORDER BY scope, idx").all().map((row) => ({ ...row }));
    // A message to two addresses has two values of both indexes of recipients.
    const serverOneMarks = ["several recipient", "several recipientOrName"].map((idx) => ({ tbl: "outbound", scope: 1, idx }));
    // "ann" is a part of two addresses: two terms, each of which a record may hold.
    const search = (scope: number) =>
      store.transaction(async (tx) => {
        const page = await tx.outbound.page({ scope, where: { recipient: { contains: "ann" } }, limit: 10 });
        return { total: page.total, ids: page.items.map((record) => record.details.MessageID) };
      });
    await store.transaction(async (tx) => {
      await tx.outbound.put(message(1, { at: 1, to: ["ann@a.example"], id: "m1" }));
      await tx.outbound.put(message(1, { at: 2, to: ["anna@b.example"], id: "m2" }));
      await tx.outbound.put(message(2, { at: 3, to: ["ann@a.example"], id: "m3" }));
    });
    expect(marks()).toEqual([]);
    expect(await search(1)).toEqual({ total: 2, ids: ["m2", "m1"] });

    await store.transaction(async (tx) => tx.outbound.put(message(1, { at: 4, to: ["ann@a.example", "anna@b.example"], id: "m4" })));
    expect(marks()).toEqual(serverOneMarks);
    expect(await search(1)).toEqual({ total: 3, ids: ["m4", "m2", "m1"] });
    expect(await search(2)).toEqual({ total: 1, ids: ["m3"] });
    // A mark stays when its record goes: it only makes the count take the longer way.
    await store.transaction(async (tx) => tx.outbound.delete("m4"));
    expect(marks()).toEqual(serverOneMarks);
    expect(await search(1)).toEqual({ total: 2, ids: ["m2", "m1"] });

    // A database without the marks (laid out before them) gets them at its next open.
    await store.transaction(async (tx) => tx.outbound.put(message(1, { at: 5, to: ["ann@a.example", "anna@b.example"], id: "m5" })));
    db.exec("DELETE FROM counts WHERE idx LIKE 'several %'");
    db.exec("DELETE FROM meta WHERE key = 'several'");
    await store.close();
    db = await openDatabaseFile(file);
    store = createSqliteStore(db);
    expect(marks()).toEqual(serverOneMarks);
    expect(await search(1)).toEqual({ total: 3, ids: ["m5", "m2", "m1"] });
    await store.close();
  });
});
