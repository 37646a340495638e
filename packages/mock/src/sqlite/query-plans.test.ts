// Every filter of the outbound search reaches its records through an index: the plan SQLite makes
// for each query the store runs (`EXPLAIN QUERY PLAN`) names the filter's index and scans no table.
// A filter on recipients, metadata or a part of the subject finds its terms first, then takes the
// page from the terms' links, and reads only the page's records.
import { describe, expect, it } from "vitest";
import type { IndexOf } from "../core/store/collections.js";
import type { Query } from "../core/store/store.js";
import { message } from "../../test/store-conformance.js";
import { openDatabaseFile } from "./sqlite-file.js";
import { createSqliteStore, type SqlDatabase, type SqlValue } from "./sqlite-store.js";
import { newDatabaseFile } from "../../test/sqlite-files.js";

/** The database, recording each query the store runs with its parameters. */
function recording(db: SqlDatabase): { db: SqlDatabase; queries: { sql: string; parameters: SqlValue[] }[] } {
  const queries: { sql: string; parameters: SqlValue[] }[] = [];
  const recorded: SqlDatabase = {
    get isTransaction() {
      return db.isTransaction;
    },
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    prepare(sql) {
      const statement = db.prepare(sql);
      const note = (parameters: SqlValue[]) => void (sql.startsWith("SELECT") && queries.push({ sql, parameters }));
      return {
        run: (...parameters) => statement.run(...parameters),
        get: (...parameters) => (note(parameters), statement.get(...parameters)),
        all: (...parameters) => (note(parameters), statement.all(...parameters)),
      };
    },
  };
  return { db: recorded, queries };
}

/** The page's rows come from the terms' links, on the links' index, and only they are read from outbound. */
const byLinks = /SEARCH outbound USING INTEGER PRIMARY KEY \(rowid=\?\)[\s\S]*SEARCH l USING PRIMARY KEY \(term=\? AND scope=\?\)/;

const filters: [string, Query<IndexOf<"outbound">>["where"] | undefined, Query["at"] | undefined, RegExp, number][] = [
  // a part of an address that one address holds: its records are in order on the index, only the page is sorted
  ["recipient, a part of it", { recipient: { contains: "reader7@" } }, undefined, byLinks, 1],
  ["recipient, the whole of it", { recipient: "reader7@example.org" }, undefined, byLinks, 1],
  ["tag", { tag: "welcome" }, undefined, /outbound_tag/, 0],
  ["stream", { stream: "broadcast" }, undefined, /outbound_stream/, 0],
  ["status", { status: "Queued" }, undefined, /outbound_status/, 0],
  ["date", undefined, { from: 100, to: 200 }, /outbound_scope_at \(scope=\? AND at>\? AND at<\?\)/, 0],
  ["metadata key and value", { metadata: { all: ["order=7"] } }, undefined, byLinks, 1],
  // a part that twenty subjects hold: their links are sorted (links alone), then the page read
  ["subject text", { subject: { contains: "receipt" } }, undefined, byLinks, 2],
];

describe("the SQLite store's outbound search", () => {
  it.each(filters)("by %s uses an index, not a scan", async (_name, where, at, index, sorts) => {
    const file = newDatabaseFile("postmark-plans-");
    const { db, queries } = recording(await openDatabaseFile(file));
    const store = createSqliteStore(db);
    await store.transaction(async (tx) => {
      for (let n = 0; n < 20; n++) await tx.outbound.put(message(1, { at: n * 10, to: [`reader${n}@example.org`], tag: n % 2 ? "welcome" : "receipt", subject: `Your receipt ${n}`, metadata: { order: String(n) } }));
    });
    queries.length = 0;
    await store.transaction(async (tx) => tx.outbound.page({ scope: 1, ...(where ? { where } : {}), ...(at ? { at } : {}), limit: 50, offset: 0 }));
    expect(queries.length).toBeGreaterThan(0);
    const plans = queries.map(({ sql, parameters }) =>
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...parameters)
        .map((step) => String(step["detail"])),
    );
    const steps = plans.flat();
    if (process.env["SHOW_PLANS"]) console.log(queries.map(({ sql }, n) => `${sql}\n  ${plans[n]!.join("\n  ")}`).join("\n"));
    // The search itself (the first query that reads `outbound`) goes through the filter's index.
    const search = plans.find((plan) => plan.some((step) => /\boutbound\b/.test(step)));
    expect(search?.join("\n")).toMatch(index);
    // What is sorted: none when an index gives the order, else the page, and the picks' links.
    expect(search?.filter((step) => step === "USE TEMP B-TREE FOR ORDER BY")).toHaveLength(sorts);
    // No query of the search reads a whole table (a scan of its own page of rows is no table).
    expect(steps.filter((step) => /^SCAN (?!CONSTANT ROW)(?!\(subquery-\d+\))(?!.*(USING|VIRTUAL TABLE))/.test(step))).toEqual([]);
    await store.close();
  });
});
