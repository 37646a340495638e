// The storage API's conformance suite: what every engine (memory, SQLite, PostgreSQL) must do
// alike. An engine's test file calls `describeStoreConformance` with a way to open a fresh store
// (and, for engines that keep state across a reopen, to open the same one again).
import { describe, expect, it } from "vitest";
import type { IndexOf, OutboundRecord, ServerRecord, SuppressionRecord } from "../src/core/store/collections.js";
import { suppressionKey } from "../src/core/store/collections.js";
import type { Query, Store } from "../src/core/store/store.js";
import type { Schemas } from "../src/core/types.js";

export interface StoreFactory {
  /** a new, empty store */
  open(): Promise<Store>;
  /** the same store opened again after `close()`, for engines that keep state (omit for memory) */
  reopen?(store: Store): Promise<Store>;
}

let counter = 0;

export function server(id: number, name = `Server ${id}`, tokens = [`token-${id}`]): ServerRecord {
  return {
    server: {
      ID: id,
      Name: name,
      ApiTokens: tokens,
      Color: "blue",
      SmtpApiActivated: true,
      RawEmailEnabled: false,
      DeliveryType: "Live",
      ServerLink: "",
      InboundAddress: `${id}@inbound.postmarkapp.com`,
      InboundHash: String(id).padStart(32, "0"),
      TrackOpens: false,
      TrackLinks: "None",
    } as Schemas["Server"],
    createdAt: 1_000 + id,
  };
}

export function message(serverId: number, init: { at: number; to?: string[]; subject?: string; tag?: string; stream?: string; metadata?: Record<string, string>; id?: string }): OutboundRecord {
  const to = init.to ?? ["jane@example.org"];
  return {
    serverId,
    details: {
      MessageID: init.id ?? `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`,
      MessageStream: init.stream ?? "outbound",
      Tag: init.tag ?? null,
      To: to.map((Email) => ({ Email, Name: null })),
      Cc: [],
      Bcc: [],
      Recipients: to,
      ReceivedAt: new Date(init.at).toISOString(),
      From: "App <app@example.com>",
      Subject: init.subject ?? "Hello",
      Attachments: [],
      Status: "Sent",
      TrackOpens: false,
      TrackLinks: "None",
      Metadata: init.metadata ?? {},
      Sandboxed: false,
      TextBody: "Hello",
      HtmlBody: null,
      Body: "Subject: Hello\r\n\r\nHello",
    },
    attachments: [],
    at: init.at,
  };
}

const ids = (records: OutboundRecord[]) => records.map((record) => record.details.Subject);

export function describeStoreConformance(engine: string, factory: StoreFactory): void {
  const withStore = async (test: (store: Store) => Promise<void>) => {
    const store = await factory.open();
    try {
      await test(store);
    } finally {
      await store.close();
    }
  };

  describe(`the ${engine} store`, () => {
    it("puts, gets, replaces and deletes a record by its key", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.servers.put(server(1));
          expect(await tx.servers.get(1)).toEqual(server(1));
          await tx.servers.put(server(1, "Renamed"));
          expect((await tx.servers.get(1))?.server.Name).toBe("Renamed");
          expect(await tx.servers.count()).toBe(1);
          expect(await tx.servers.delete(1)).toBe(true);
          expect(await tx.servers.delete(1)).toBe(false);
          expect(await tx.servers.get(1)).toBeUndefined();
        });
      }));

    it("finds newest or oldest first; records of the same time in the order they were first stored, a replaced one keeping its place", () =>
      withStore(async (store) => {
        const records = [message(1, { at: 20, subject: "b" }), message(1, { at: 10, subject: "a" }), message(1, { at: 20, subject: "c" }), message(1, { at: 30, subject: "d" })];
        await store.transaction(async (tx) => {
          for (const record of records) await tx.outbound.put(record);
          await tx.outbound.put({ ...records[0]!, details: { ...records[0]!.details, Tag: "changed" } });
        });
        await store.transaction(async (tx) => {
          expect(ids(await tx.outbound.find())).toEqual(["d", "c", "b", "a"]);
          expect(ids(await tx.outbound.find({ order: "oldest" }))).toEqual(["a", "b", "c", "d"]);
          expect(ids(await tx.outbound.find({ order: "oldest", offset: 1, limit: 2 }))).toEqual(["b", "c"]);
        });
      }));

    it("keeps each server's records to itself, and finds across servers in one order", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.outbound.put(message(1, { at: 10, subject: "one-early" }));
          await tx.outbound.put(message(2, { at: 15, subject: "two" }));
          await tx.outbound.put(message(1, { at: 20, subject: "one-late" }));
          expect(ids(await tx.outbound.find({ scope: 1 }))).toEqual(["one-late", "one-early"]);
          expect(ids(await tx.outbound.find({ scope: 2 }))).toEqual(["two"]);
          expect(ids(await tx.outbound.find({ scope: 3 }))).toEqual([]);
          expect(ids(await tx.outbound.find())).toEqual(["one-late", "two", "one-early"]);
          expect(await tx.outbound.count({ scope: 1 })).toBe(2);
        });
      }));

    it("filters by time, both bounds included", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          for (const at of [10, 20, 30, 40]) await tx.outbound.put(message(1, { at, subject: String(at) }));
          expect(ids(await tx.outbound.find({ at: { from: 20, to: 30 } }))).toEqual(["30", "20"]);
          expect(ids(await tx.outbound.find({ at: { from: 35 } }))).toEqual(["40"]);
          expect(ids(await tx.outbound.find({ at: { to: 10 } }))).toEqual(["10"]);
        });
      }));

    it("matches index values without regard to case: equal, containing, all of several, and any of a record's values", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.outbound.put(message(1, { at: 1, subject: "Your Receipt", tag: "Billing", to: ["Jane@Example.org", "ops@example.com"], metadata: { Plan: "Pro", region: "eu" } }));
          await tx.outbound.put(message(1, { at: 2, subject: "Welcome", tag: "onboarding", to: ["john@example.net"], metadata: { plan: "free" } }));
          expect(ids(await tx.outbound.find({ where: { tag: "billing" } }))).toEqual(["Your Receipt"]);
          expect(ids(await tx.outbound.find({ where: { tag: { eq: "ONBOARDING" } } }))).toEqual(["Welcome"]);
          expect(ids(await tx.outbound.find({ where: { subject: { contains: "RECEIPT" } } }))).toEqual(["Your Receipt"]);
          expect(ids(await tx.outbound.find({ where: { recipient: "jane@example.org" } }))).toEqual(["Your Receipt"]);
          expect(ids(await tx.outbound.find({ where: { recipient: "ops@example.com" } }))).toEqual(["Your Receipt"]);
          expect(ids(await tx.outbound.find({ where: { recipient: { contains: "example." } } }))).toEqual(["Welcome", "Your Receipt"]);
          expect(ids(await tx.outbound.find({ where: { metadata: { all: ["plan=pro", "Region=EU"] } } }))).toEqual(["Your Receipt"]);
          expect(ids(await tx.outbound.find({ where: { metadata: { all: ["plan=pro", "region=us"] } } }))).toEqual([]);
          expect(ids(await tx.outbound.find({ where: { tag: "billing", subject: { contains: "welcome" } } }))).toEqual([]);
          expect(ids(await tx.outbound.find({ where: { stream: "outbound", recipient: { contains: "john" } } }))).toEqual(["Welcome"]);
        });
      }));

    it("matches booleans and numbers exactly, and finds by a lookup index", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.servers.put(server(1, "Alpha", ["tok-a", "tok-b"]));
          await tx.servers.put(server(2, "Beta", ["tok-c"]));
          expect((await tx.servers.find({ where: { token: "tok-b" } })).map((record) => record.server.ID)).toEqual([1]);
          expect((await tx.servers.find({ where: { name: "BETA" } })).map((record) => record.server.ID)).toEqual([2]);
          expect(await tx.servers.find({ where: { token: "tok-z" } })).toEqual([]);
          const template = (id: number, active: boolean): Schemas["Template"] => ({
            TemplateId: id,
            Name: `T${id}`,
            Alias: `t${id}`,
            Subject: "s",
            HtmlBody: null,
            TextBody: "t",
            AssociatedServerId: 1,
            Active: active,
            TemplateType: "Standard",
            LayoutTemplate: null,
          });
          await tx.templates.put({ template: template(7, true), at: 1 });
          await tx.templates.put({ template: template(8, false), at: 2 });
          expect((await tx.templates.find({ where: { active: false } })).map((record) => record.template.TemplateId)).toEqual([8]);
          expect((await tx.templates.find({ where: { alias: "T7", active: true } })).map((record) => record.template.TemplateId)).toEqual([7]);
        });
      }));

    it("pages with the total of every match", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          for (let at = 1; at <= 7; at++) await tx.outbound.put(message(1, { at, subject: String(at), tag: at % 2 ? "odd" : "even" }));
          const page = await tx.outbound.page({ where: { tag: "odd" }, offset: 1, limit: 2 });
          expect(page.total).toBe(4);
          expect(ids(page.items)).toEqual(["5", "3"]);
          expect((await tx.outbound.page({ offset: 10, limit: 5 })).items).toEqual([]);
        });
      }));

    it("counts per server and per value right through replaces that move a record, deletes and undone units", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          for (let at = 1; at <= 6; at++) await tx.outbound.put(message(at % 2, { at, id: `m-${at}`, stream: at <= 4 ? "outbound" : "news", tag: "Welcome" }));
          const moved = message(0, { at: 2, id: "m-2", stream: "news", tag: "Other" });
          await tx.outbound.put({ ...moved, serverId: 1 });
          await tx.outbound.delete("m-5");
        });
        await store
          .transaction(async (tx) => {
            await tx.outbound.deleteWhere({});
            throw new Error("undo");
          })
          .catch(() => undefined);
        await store.transaction(async (tx) => {
          expect(await tx.outbound.count()).toBe(5);
          expect(await tx.outbound.count({ scope: 1 })).toBe(3);
          expect(await tx.outbound.count({ scope: 0 })).toBe(2);
          expect(await tx.outbound.count({ where: { stream: "NEWS" } })).toBe(2);
          expect(await tx.outbound.count({ scope: 1, where: { stream: "news" } })).toBe(1);
          expect(await tx.outbound.count({ scope: 0, where: { stream: "outbound" } })).toBe(1);
          expect(await tx.outbound.count({ where: { tag: "welcome" } })).toBe(4);
          expect((await tx.outbound.page({ scope: 1, where: { stream: "outbound" }, limit: 1 })).total).toBe(2);
        });
      }));

    it("finds a part of one of several values, short or long, with quotes and wildcards taken as they are", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          await tx.outbound.put(message(1, { at: 1, subject: "quote", to: ["o'hara@example.org", 'say"hi@example.org'] }));
          await tx.outbound.put(message(1, { at: 2, subject: "wildcard", to: ["100%_off@example.org"] }));
          const found = async (part: string) => ids(await tx.outbound.find({ where: { recipient: { contains: part } } }));
          expect(await found("O'HARA@")).toEqual(["quote"]);
          expect(await found('y"h')).toEqual(["quote"]);
          expect(await found("%_o")).toEqual(["wildcard"]);
          expect(await found("_")).toEqual(["wildcard"]);
          expect(await found("example.org")).toEqual(["wildcard", "quote"]);
          expect(await found("x%")).toEqual([]);
          expect(await tx.outbound.count({ scope: 1, where: { recipient: { contains: "hara" } } })).toBe(1);
        });
      }));

    it("gives the keys of what it finds, in the same order, for any query", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          for (let at = 1; at <= 6; at++) await tx.outbound.put(message(at % 2, { at, subject: `s${at}`, to: at % 3 === 0 ? ["a@example.org", "b@example.org"] : ["b@example.org"], tag: at < 4 ? "early" : "late" }));
          const queries: Query<IndexOf<"outbound">>[] = [
            {},
            { order: "oldest", limit: 2 },
            { scope: 1, order: "oldest", offset: 1, limit: 1 },
            { where: { recipient: "a@example.org" } },
            { where: { recipient: { contains: "example" }, tag: "late" }, order: "oldest" },
            { at: { from: 2, to: 5 }, limit: 3 },
            { where: { subject: "none" } },
          ];
          for (const query of queries) {
            const keys = (await tx.outbound.find(query)).map((record) => record.details.MessageID.toLowerCase());
            expect(await tx.outbound.keys(query), JSON.stringify(query)).toEqual(keys);
          }
          expect(await tx.outbound.keys({ order: "oldest", limit: 2 })).toHaveLength(2);
        });
      }));

    it("deletes what matches, oldest first when limited", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => {
          for (let at = 1; at <= 5; at++) await tx.outbound.put(message(at % 2, { at, subject: String(at) }));
          expect(await tx.outbound.deleteWhere({ scope: 1, order: "oldest", limit: 2 })).toBe(2);
          expect(ids(await tx.outbound.find({ order: "oldest" }))).toEqual(["2", "4", "5"]);
          expect(await tx.outbound.deleteWhere({ where: { subject: { contains: "4" } } })).toBe(1);
          expect(await tx.outbound.deleteWhere({})).toBe(2);
          expect(await tx.outbound.count()).toBe(0);
        });
      }));

    it("keys suppressions by server, stream and address without regard to case", () =>
      withStore(async (store) => {
        const record: SuppressionRecord = { serverId: 1, stream: "outbound", suppression: { EmailAddress: "Jane@Example.org", SuppressionReason: "HardBounce", Origin: "Recipient", CreatedAt: "x" }, at: 5 };
        await store.transaction(async (tx) => {
          await tx.suppressions.put(record);
          expect(await tx.suppressions.get(suppressionKey(1, "OUTBOUND", "jane@example.ORG"))).toEqual(record);
          expect(await tx.suppressions.get(suppressionKey(2, "outbound", "jane@example.org"))).toBeUndefined();
        });
      }));

    it("keeps all of a unit's writes or, when it throws, none of them", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => tx.servers.put(server(1)));
        await expect(
          store.transaction(async (tx) => {
            await tx.servers.put(server(2));
            await tx.servers.put(server(1, "Changed"));
            await tx.servers.delete(1);
            throw new Error("undo");
          }),
        ).rejects.toThrow("undo");
        await store.transaction(async (tx) => {
          expect((await tx.servers.find()).map((record) => record.server.Name)).toEqual(["Server 1"]);
        });
      }));

    it("keeps each of concurrent units or, for one that throws, none of its writes, parts of texts included", () =>
      withStore(async (store) => {
        const send = (n: number, fail = false) =>
          store.transaction(async (tx) => {
            await tx.outbound.put(message(1, { at: n, subject: `Order ${n} shipped`, to: [`reader${n}@example.org`] }));
            // a search for a part of a text in the middle of the unit, before it throws or not
            expect(ids(await tx.outbound.find({ where: { recipient: { contains: `reader${n}@` } } }))).toEqual([`Order ${n} shipped`]);
            if (fail) throw new Error(`undo ${n}`);
          });
        const outcomes = await Promise.allSettled([send(1), send(2, true), send(3), send(4, true), send(5)]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled", "rejected", "fulfilled"]);
        await store.transaction(async (tx) => {
          expect(ids(await tx.outbound.find({ where: { recipient: { contains: "reader" } } }))).toEqual(["Order 5 shipped", "Order 3 shipped", "Order 1 shipped"]);
          expect(ids(await tx.outbound.find({ where: { subject: { contains: "ORDER 3" } } }))).toEqual(["Order 3 shipped"]);
          expect(ids(await tx.outbound.find({ where: { subject: { contains: "shipped" } } }))).toEqual(["Order 5 shipped", "Order 3 shipped", "Order 1 shipped"]);
          expect(await tx.outbound.find({ where: { subject: { contains: "Order 2" } } })).toEqual([]);
          expect(await tx.outbound.count({ scope: 1 })).toBe(3);
        });
      }));

    it("finds a part of a subject, and follows a subject that changes", () =>
      withStore(async (store) => {
        const record = message(1, { at: 1, subject: "Your receipt #1042" });
        await store.transaction(async (tx) => {
          await tx.outbound.put(record);
          await tx.outbound.put(message(1, { at: 2, subject: "Welcome aboard" }));
        });
        await store.transaction(async (tx) => tx.outbound.put({ ...record, details: { ...record.details, Subject: "Your refund #1042" } }));
        await store.transaction(async (tx) => {
          const found = async (part: string) => ids(await tx.outbound.find({ where: { subject: { contains: part } } }));
          expect(await found("receipt")).toEqual([]);
          expect(await found("REFUND #10")).toEqual(["Your refund #1042"]);
          expect(await found("o")).toEqual(["Welcome aboard", "Your refund #1042"]);
          expect(await found("me ab")).toEqual(["Welcome aboard"]);
        });
      }));

    it("runs units one at a time: concurrent units never see each other half-done", () =>
      withStore(async (store) => {
        await store.transaction(async (tx) => tx.servers.put(server(1)));
        const bump = () =>
          store.transaction(async (tx) => {
            const current = (await tx.servers.get(1))!;
            await new Promise((resolve) => setTimeout(resolve, 1));
            await tx.servers.put({ ...current, createdAt: current.createdAt + 1 });
          });
        await Promise.all(Array.from({ length: 10 }, bump));
        await store.transaction(async (tx) => {
          expect((await tx.servers.get(1))?.createdAt).toBe(server(1).createdAt + 10);
        });
      }));

    it("keeps the writes of a unit meant to read, and runs such units one at a time once they write", () =>
      withStore(async (store) => {
        const addNext = () =>
          store.transaction(
            async (tx) => {
              const count = await tx.servers.count();
              await tx.servers.put(server(count + 1));
            },
            { intent: "read" },
          );
        await Promise.all([addNext(), addNext(), addNext()]);
        await store.transaction(async (tx) => {
          expect((await tx.servers.find({ order: "oldest" })).map((record) => record.server.ID)).toEqual([1, 2, 3]);
        });
      }));

    it("hands out each ID of a sequence once, increasing, apart from other sequences", () =>
      withStore(async (store) => {
        const taken = await Promise.all(Array.from({ length: 20 }, () => store.transaction((tx) => tx.nextId("bounce"))));
        expect(new Set(taken).size).toBe(20);
        const next = await store.transaction((tx) => tx.nextId("bounce"));
        expect(next).toBeGreaterThan(Math.max(...taken));
        expect(await store.transaction((tx) => tx.nextId("template"))).toBeLessThan(next);
      }));

    if (factory.reopen) {
      const reopen = factory.reopen;
      it("keeps what it was given across a close and a reopen", async () => {
        let store = await factory.open();
        await store.transaction(async (tx) => {
          await tx.servers.put(server(1));
          await tx.outbound.put(message(1, { at: 5, subject: "kept" }));
        });
        const lastId = await store.transaction((tx) => tx.nextId("server"));
        await store.close();
        store = await reopen(store);
        try {
          await store.transaction(async (tx) => {
            expect(ids(await tx.outbound.find())).toEqual(["kept"]);
            expect(await tx.servers.get(1)).toEqual(server(1));
            expect(await tx.nextId("server")).toBeGreaterThan(lastId);
          });
        } finally {
          await store.close();
        }
      });
    }
  });
}
