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
