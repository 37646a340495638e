// The memory engine passes the storage API's conformance suite, with records frozen as tests
// freeze them and as they are by default.
import { describe, expect, it } from "vitest";
import { describeStoreConformance, message, server } from "../../../test/store-conformance.js";
import { createMemoryStore } from "./memory-store.js";

describeStoreConformance("memory", { open: async () => createMemoryStore() });
describeStoreConformance("memory (records frozen)", { open: async () => createMemoryStore({ freezeRecords: true }) });

describe("the memory store's snapshot", () => {
  it("holds every record and sequence, and a store made from it finds the same", async () => {
    const store = createMemoryStore();
    await store.transaction(async (tx) => {
      await tx.servers.put(server(1));
      await tx.outbound.put(message(1, { at: 2, subject: "kept" }));
      await tx.nextId("bounce");
    });
    const copy = createMemoryStore({ from: structuredClone(store.snapshot()) });
    await copy.transaction(async (tx) => {
      expect((await tx.outbound.find()).map((record) => record.details.Subject)).toEqual(["kept"]);
      expect(await tx.nextId("bounce")).toBe(2);
    });
  });

  it("refuses changes to a frozen record in place", async () => {
    const store = createMemoryStore({ freezeRecords: true });
    await store.transaction(async (tx) => tx.servers.put(server(1)));
    await store.transaction(async (tx) => {
      const record = (await tx.servers.get(1))!;
      expect(() => {
        record.server.Name = "changed in place";
      }).toThrow(TypeError);
    });
  });
});

describe("the memory store's order after the oldest go first", () => {
  it("finds the oldest and newest that are left, as a full server drops its oldest message per send", async () => {
    const store = createMemoryStore();
    const ids: string[] = [];
    await store.transaction(async (tx) => {
      for (let at = 0; at < 300; at++) {
        const record = message(1, { at, subject: `#${at}` });
        ids.push(record.details.MessageID.toLowerCase());
        await tx.outbound.put(record);
      }
    });
    for (let dropped = 0; dropped < 290; dropped++) {
      await store.transaction(async (tx) => {
        const [oldest] = await tx.outbound.find({ scope: 1, order: "oldest", limit: 1 });
        expect(oldest?.details.Subject).toBe(`#${dropped}`);
        expect(await tx.outbound.delete(ids[dropped]!)).toBe(true);
      });
    }
    await store.transaction(async (tx) => {
      expect((await tx.outbound.find({ scope: 1, order: "oldest" })).map((record) => record.details.Subject)).toEqual([...Array(10).keys()].map((i) => `#${290 + i}`));
      expect((await tx.outbound.find({ scope: 1, limit: 2 })).map((record) => record.details.Subject)).toEqual(["#299", "#298"]);
      expect(await tx.outbound.count({ scope: 1 })).toBe(10);
    });
  });

  it("undoes a unit that dropped the oldest, and finds it first again", async () => {
    const store = createMemoryStore();
    const first = message(1, { at: 1, subject: "first" });
    await store.transaction(async (tx) => {
      await tx.outbound.put(first);
      await tx.outbound.put(message(1, { at: 2, subject: "second" }));
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.outbound.delete(first.details.MessageID.toLowerCase());
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    await store.transaction(async (tx) => {
      expect((await tx.outbound.find({ scope: 1, order: "oldest" })).map((record) => record.details.Subject)).toEqual(["first", "second"]);
    });
  });
});
