// The PostgreSQL engine passes the storage API's conformance suite, on the run's real PostgreSQL:
// each store opened gets a schema of its own, and opening one again keeps what it held. Schemas
// come from a pool: laid out once, then emptied and handed out again (test/postgres/schema-pool.ts).
import { afterAll, describe, expect, inject, it } from "vitest";
import { describeStoreConformance, message, server } from "../../test/store-conformance.js";
import { createSchemaPool } from "../../test/postgres/schema-pool.js";
import { createMemoryStore } from "../core/store/memory-store.js";
import type { Query, Store } from "../core/store/store.js";
import { openDatabase } from "./connect.js";
import { createPostgresStore } from "./postgres-store.js";

const schemas = new WeakMap<Store, string>();
const pool = createSchemaPool(inject("postgresUrl"), "store");
afterAll(() => pool.close());

/** A store on a schema the caller holds; closing it lets go of the schema. */
async function open(schema: string): Promise<Store> {
  const database = await openDatabase({ url: inject("postgresUrl"), schema, poolSize: 4 });
  const store = createPostgresStore({ pool: database.pool, schema: database.schema });
  schemas.set(store, schema);
  let closed = false;
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    if (!closed) pool.give(schema);
    closed = true;
  };
  return store;
}

/** A store on a fresh, empty schema. */
const openFresh = async () => open(await pool.take());

/** Another store on the schema of `store`, which keeps what it held. */
function openAgain(store: Store): Promise<Store> {
  const schema = schemas.get(store)!;
  pool.hold(schema);
  return open(schema);
}

describeStoreConformance("PostgreSQL", { open: openFresh, reopen: openAgain });

describe("the PostgreSQL store's turns", () => {
  const withStore = async (use: (store: Store) => Promise<void>) => {
    const store = await openFresh();
    try {
      await use(store);
    } finally {
      await store.close();
    }
  };

  it("runs units that only add mail side by side: each waits here for the other to have added its message", () =>
    withStore(async (store) => {
      let bothAdded!: () => void;
      const added = new Promise<void>((resolve) => (bothAdded = resolve));
      let count = 0;
      const add = (id: string) =>
        store.transaction(async (tx) => {
          await tx.outbound.put(message(1, { at: 1, id }));
          if (++count === 2) bothAdded();
          // Were the units taking turns, the first would wait here for ever.
          await added;
        });
      await Promise.all([add("side-a"), add("side-b")]);
      await store.transaction(async (tx) => expect(await tx.outbound.count()).toBe(2));
    }));

  it("runs a unit again holding the lock alone when it replaces, deletes or changes setup, keeping the last write", () =>
    withStore(async (store) => {
      await store.transaction(async (tx) => {
        await tx.servers.put(server(1));
        await tx.outbound.put(message(1, { at: 1, id: "kept", subject: "first" }));
      });
      await Promise.all([
        store.transaction(async (tx) => tx.outbound.put(message(1, { at: 1, id: "kept", subject: "second" }))),
        store.transaction(async (tx) => tx.servers.put(server(1, "Renamed"))),
        store.transaction(async (tx) => tx.outbound.put(message(1, { at: 2, id: "gone" }))).then(() => store.transaction(async (tx) => tx.outbound.delete("gone"))),
      ]);
      await store.transaction(async (tx) => {
        expect((await tx.outbound.find()).map((record) => record.details.Subject)).toEqual(["second"]);
        expect((await tx.servers.get(1))?.server.Name).toBe("Renamed");
      });
    }));
});

describe("the PostgreSQL store's setup read from memory", () => {
  it("answers setup another store on the schema changed with the change, in units that add mail and in units that read", async () => {
    const a = await openFresh();
    const b = await openAgain(a);
    try {
      await a.transaction(async (tx) => tx.servers.put(server(1, "First")));
      const nameOn = (store: Store, intent?: "read") => store.transaction(async (tx) => (await tx.servers.get(1))?.server.Name, intent ? { intent } : undefined);
      // Read twice on b, so that the second comes from what b keeps.
      expect([await nameOn(b), await nameOn(b, "read")]).toEqual(["First", "First"]);
      await a.transaction(async (tx) => tx.servers.put(server(1, "Second")));
      expect([await nameOn(b), await nameOn(b, "read")]).toEqual(["Second", "Second"]);
      await a.transaction(async (tx) => tx.servers.delete(1));
      expect([await nameOn(b), await nameOn(b, "read")]).toEqual([undefined, undefined]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("the PostgreSQL store's searches by recipient, through the postings of each address", () => {
  // Messages to one, two or three of five addresses, on two servers (one in a second stream), some at the same time;
  // one replaced (its recipients change) and one deleted after.
  const addresses = ["ann@example.org", "bob@example.org", "cy@example.com", "dee@example.com", "eve@other.net"];
  const records = Array.from({ length: 40 }, (_, n) =>
    message(1 + (n % 2), { at: 1_000 + Math.floor(n / 3), id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, subject: `m${n}`, stream: n === 5 ? "broadcasts" : "outbound", to: addresses.filter((_, i) => (n + i) % 3 === 0 || i === n % 5) }),
  );
  const queries: [string, Query<"recipient" | "stream">][] = [
    ["an address, newest first", { scope: 1, where: { recipient: "bob@example.org" } }],
    ["a part of several addresses, a page", { scope: 1, where: { recipient: { contains: "EXAMPLE" } }, limit: 5, offset: 3 }],
    ["a part, oldest first, a page", { scope: 2, where: { recipient: { contains: "example.com" } }, order: "oldest", limit: 4, offset: 2 }],
    ["a part, within times", { scope: 2, where: { recipient: { contains: "e" } }, at: { from: 1_003, to: 1_008 }, limit: 6 }],
    ["a part no address has", { scope: 1, where: { recipient: { contains: "nobody" } }, limit: 5 }],
    ["a part and the stream all the server's mail is in", { scope: 1, where: { recipient: { contains: "ann" }, stream: "outbound" }, limit: 5 }],
    ["a part and a stream some of the server's mail is in", { scope: 2, where: { recipient: { contains: "example" }, stream: "outbound" }, limit: 5 }],
  ];

  it.each(queries)("pages and counts as the memory store does: %s", async (_, query) => {
    const postgres = await openFresh();
    const memory = createMemoryStore();
    try {
      for (const store of [postgres, memory]) {
        await store.transaction(async (tx) => {
          for (const record of records) await tx.outbound.put(record);
        });
        await store.transaction(async (tx) => {
          await tx.outbound.put({ ...records[4]!, details: { ...records[4]!.details, Recipients: ["zed@example.org"] } });
          await tx.outbound.delete(records[7]!.details.MessageID);
        });
      }
      const pageOf = (store: Store) => store.transaction(async (tx) => tx.outbound.page(query as Query<never>), { intent: "read" });
      const [found, expected] = [await pageOf(postgres), await pageOf(memory)];
      expect(found.items.map((record) => record.details.Subject)).toEqual(expected.items.map((record) => record.details.Subject));
      expect(found.total).toBe(expected.total);
    } finally {
      await Promise.all([postgres.close(), memory.close()]);
    }
  });
});
