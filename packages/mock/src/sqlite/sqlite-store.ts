// The SQLite engine of the storage API, for `--data`: every collection is a table of JSON records
// with a column per index (side tables of terms and links for indexes with several values per
// record and for searched texts), laid out from the collection definitions. Units of work run one
// after the other, each in one SQLite transaction, committed before it resolves: a write that was
// answered is in the database.
// The engine takes any database with the small synchronous API of `node:sqlite` (see
// sqlite-file.ts, which opens one), so this module itself imports nothing from Node.
import { collectionNames, collections, documentText, recordOfRow, type CollectionDefinition, type CollectionName } from "../core/store/collections.js";
import type { MemorySnapshot } from "../core/store/memory-store.js";
import { StoreFailure, type Collection, type Condition, type IndexValue, type Page, type Query, type Store, type Transaction } from "../core/store/store.js";

/** What the engine needs of a database: `node:sqlite`'s DatabaseSync fits it. */
export interface SqlDatabase {
  /** whether a transaction is open (SQLite ends one by itself on some failures, a full disk among them) */
  readonly isTransaction: boolean;
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  close(): void;
}

export interface SqlStatement {
  run(...parameters: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...parameters: SqlValue[]): Record<string, unknown> | undefined;
  all(...parameters: SqlValue[]): Record<string, unknown>[];
}

export type SqlValue = string | number | bigint | null | Uint8Array;

type AnyDefinition = CollectionDefinition<unknown, string>;

/**
 * The layout of this engine's tables: a database of a later layout is refused, an earlier one is
 * brought up to this one at start. 2: the text indexes are written by the store, not by triggers
 * (a release of layout 1 would leave new rows out of them, so it must refuse a layout-2 file).
 * 3: values of several per record and searched texts are terms (each distinct value once, with
 * the trigram index over the terms) and links (term, server, time, record), in place of one row
 * per record and value. 4: a sent message's record holds the events of its send (a release of
 * layout 3 would show such messages without them). 5: a message sent through the API is kept
 * without its raw source, which is built from the record (a release of layout 4 would show it
 * without one).
 */
export const schemaVersion = 5;

/** The name the database carries, so that a file of another program is never mistaken for ours. */
export const applicationName = "postmark-openapi local Postmark";

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const column = (index: string) => quote(`i_${index}`);

/** A value as an index holds it: strings without case, booleans as 0 and 1. */
function stored(value: IndexValue): SqlValue {
  if (typeof value === "string") return value.toLowerCase();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Whether a condition looks for a part of a text long enough for the trigram index (three characters or more). */
const searchesText = (condition: Condition): condition is { contains: string } => typeof condition === "object" && "contains" in condition && [...condition.contains].length >= 3;

interface Table {
  name: CollectionName;
  definition: AnyDefinition;
  single: string[];
  many: Set<string>;
  /** single indexes whose records are counted per server and value (in the counts table) */
  counted: Set<string>;
  /** single indexes whose text is also in the side table, for the trigram index */
  texts: Set<string>;
  /** whether the collection has a side table (indexes in `many` or `texts`) */
  valued: boolean;
  /** the statements each write or lookup of a record runs, written out once */
  sql: Record<"insert" | "rowOfKey" | "update" | "docOfKey" | "deleteRow" | "link" | "termOf" | "termInsert" | "wordInsert", string>;
}

/** The names of a collection's side tables: its distinct values, their links to records, and the trigram index of the values. */
const sideTables = (name: string) => ({ terms: quote(`${name}__terms`), links: quote(`${name}__links`), words: quote(`${name}__words`) });

function tableOf(name: CollectionName): Table {
  const definition = collections[name] as AnyDefinition;
  const many = new Set<string>(definition.many ?? []);
  const single = Object.keys(definition.indexes).filter((index) => !many.has(index));
  const texts = new Set((definition.texts ?? []).filter((index) => single.includes(index)));
  const table = quote(name);
  const { terms, links, words } = sideTables(name);
  const placeholders = ["?", "?", "?", "?", ...single.map(() => "?")].join(", ");
  const sql: Table["sql"] = {
    insert: `INSERT INTO ${table} (key, scope, at, doc${single.map((index) => `, ${column(index)}`).join("")}) VALUES (${placeholders}) ON CONFLICT (key) DO NOTHING RETURNING row`,
    rowOfKey: `SELECT row FROM ${table} WHERE key = ?`,
    update: `UPDATE ${table} SET scope = ?, at = ?, doc = ?${single.map((index) => `, ${column(index)} = ?`).join("")} WHERE row = ?`,
    docOfKey: `SELECT doc FROM ${table} WHERE key = ?`,
    deleteRow: `DELETE FROM ${table} WHERE row = ?`,
    link: `INSERT INTO ${links} (term, scope, at, row) VALUES (?, ?, ?, ?)`,
    termOf: `SELECT id FROM ${terms} WHERE name = ? AND value = ?`,
    termInsert: `INSERT INTO ${terms} (name, value) VALUES (?, ?)`,
    wordInsert: `INSERT INTO ${words} (rowid, name, value) VALUES (?, ?, ?)`,
  };
  return { name, definition, single, many, counted: new Set((definition.counted ?? []).filter((index) => single.includes(index))), texts, valued: many.size + texts.size > 0, sql };
}

/** Where a record is counted: its server (-1 for the account's records), and '' for every record of it. */
const scopeOf = (row: "NEW" | "OLD") => `coalesce(${row}.scope, -1)`;

/**
 * Triggers that keep the counts table: how many records each server holds of a collection, and
 * how many have each value of a counted index. A search's total then costs a lookup, not a scan.
 */
function countStatements(table: Table): string[] {
  const name = quote(table.name);
  const label = `'${table.name}'`;
  const add = (row: "NEW" | "OLD", delta: number) => [
    `INSERT INTO counts (tbl, scope, idx, value, n) VALUES (${label}, ${scopeOf(row)}, '', '', ${delta}) ON CONFLICT (tbl, scope, idx, value) DO UPDATE SET n = n + ${delta};`,
    ...[...table.counted].map(
      (index) =>
        `INSERT INTO counts (tbl, scope, idx, value, n) SELECT ${label}, ${scopeOf(row)}, '${index}', ${row}.${column(index)}, ${delta} WHERE ${row}.${column(index)} IS NOT NULL ON CONFLICT (tbl, scope, idx, value) DO UPDATE SET n = n + ${delta};`,
    ),
  ];
  const watched = ["scope", ...[...table.counted].map(column)].join(", ");
  return [
    `CREATE TRIGGER IF NOT EXISTS ${quote(`${table.name}_count_insert`)} AFTER INSERT ON ${name} BEGIN ${add("NEW", 1).join(" ")} END`,
    `CREATE TRIGGER IF NOT EXISTS ${quote(`${table.name}_count_delete`)} AFTER DELETE ON ${name} BEGIN ${add("OLD", -1).join(" ")} END`,
    `CREATE TRIGGER IF NOT EXISTS ${quote(`${table.name}_count_update`)} AFTER UPDATE OF ${watched} ON ${name} BEGIN ${[...add("OLD", -1), ...add("NEW", 1)].join(" ")} END`,
  ];
}


/** Fills the counts table from the records (for a database laid out before it existed). */
export function countRebuildStatements(): string[] {
  const statements = ["DELETE FROM counts"];
  for (const name of collectionNames) {
    const table = tableOf(name);
    const label = `'${name}'`;
    statements.push(`INSERT INTO counts (tbl, scope, idx, value, n) SELECT ${label}, coalesce(scope, -1), '', '', count(*) FROM ${quote(name)} GROUP BY coalesce(scope, -1)`);
    for (const index of table.counted) {
      statements.push(`INSERT INTO counts (tbl, scope, idx, value, n) SELECT ${label}, coalesce(scope, -1), '${index}', ${column(index)}, count(*) FROM ${quote(name)} WHERE ${column(index)} IS NOT NULL GROUP BY coalesce(scope, -1), ${column(index)}`);
    }
  }
  return statements;
}

/**
 * The mark, in the counts table, that a server has held a record with several values of an index
 * (a message to several recipients). Without it a search's count of records that hold any of
 * several terms is a count of their links, with no need to count each record once.
 */
const severalValuesMark = (index: string) => `several ${index}`;

const markSeveralSql = "INSERT INTO counts (tbl, scope, idx, value, n) VALUES (?, ?, ?, '', 1) ON CONFLICT (tbl, scope, idx, value) DO NOTHING";

/** The indexes whose records with several values are marked; a database that records another list gets its marks made. */
export const severalValuesIndexes = collectionNames.flatMap((name) => [...tableOf(name).many].map((index) => `${name}.${index}`)).join(",");

/** Marks the servers that hold a record with several values of an index (for a database laid out before the marks). */
export function severalValuesStatements(): string[] {
  return collectionNames.flatMap((name) => {
    const { terms, links } = sideTables(name);
    return [...tableOf(name).many].map(
      (index) =>
        `INSERT INTO counts (tbl, scope, idx, value, n) SELECT '${name}', scope, '${severalValuesMark(index)}', '', 1 FROM (SELECT l.scope AS scope FROM ${links} l JOIN ${terms} t ON t.id = l.term AND t.name = '${index}' GROUP BY l.row HAVING count(*) > 1) GROUP BY scope ON CONFLICT (tbl, scope, idx, value) DO NOTHING`,
    );
  });
}

/** Which single indexes have their text in the side tables; a database that records another list gets them filled. */
export const textIndexes = collectionNames.flatMap((name) => [...tableOf(name).texts].map((index) => `${name}.${index}`)).join(",");

/** Puts the text of every `texts` index into the side tables and the trigram indexes (for a database laid out before they were listed). */
export function textRebuildStatements(): string[] {
  return collectionNames.flatMap((name) => {
    const { terms, links, words } = sideTables(name);
    return [...tableOf(name).texts].flatMap((index) => [
      `DELETE FROM ${words} WHERE rowid IN (SELECT id FROM ${terms} WHERE name = '${index}')`,
      `DELETE FROM ${links} WHERE term IN (SELECT id FROM ${terms} WHERE name = '${index}')`,
      `DELETE FROM ${terms} WHERE name = '${index}'`,
      `INSERT INTO ${terms} (name, value) SELECT DISTINCT '${index}', ${column(index)} FROM ${quote(name)} WHERE ${column(index)} IS NOT NULL`,
      `INSERT INTO ${links} (term, scope, at, row) SELECT t.id, coalesce(m.scope, -1), m.at, m.row FROM ${quote(name)} m JOIN ${terms} t ON t.name = '${index}' AND t.value = m.${column(index)}`,
      `INSERT INTO ${words} (rowid, name, value) SELECT id, name, value FROM ${terms} WHERE name = '${index}'`,
    ]);
  });
}

/**
 * Layout 2 to 3, for a collection whose values are still in a `__values` table (one row per record
 * and value) with its own trigram index: each distinct value becomes a term, each record's value a
 * link, and the trigram index is made again over the terms alone.
 */
export function valuesUpgradeStatements(tables: readonly string[]): string[] {
  return collectionNames.flatMap((name) => {
    if (!tables.includes(`${name}__values`)) return [];
    const { terms, links, words } = sideTables(name);
    const values = quote(`${name}__values`);
    return [
      `INSERT INTO ${terms} (name, value) SELECT DISTINCT name, value FROM ${values}`,
      `INSERT OR IGNORE INTO ${links} (term, scope, at, row) SELECT t.id, coalesce(m.scope, -1), m.at, v.row FROM ${values} v JOIN ${terms} t ON t.name = v.name AND t.value = v.value JOIN ${quote(name)} m ON m.row = v.row`,
      `DELETE FROM ${terms} WHERE NOT EXISTS (SELECT 1 FROM ${links} WHERE term = ${terms}.id)`,
      `INSERT INTO ${words} (rowid, name, value) SELECT id, name, value FROM ${terms}`,
      `DROP TABLE ${values}`,
      `DROP TABLE IF EXISTS ${quote(`${name}__text`)}`,
    ];
  });
}

/** The statements that lay out the tables of every collection (idempotent). */
export function layoutStatements(): string[] {
  const statements = [
    `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS counts (tbl TEXT NOT NULL, scope INTEGER NOT NULL, idx TEXT NOT NULL, value ANY NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (tbl, scope, idx, value))`,
  ];
  for (const name of collectionNames) {
    const { single, valued, definition } = tableOf(name);
    const table = quote(name);
    const columns = single.map((index) => `${column(index)} ANY`);
    statements.push(`CREATE TABLE IF NOT EXISTS ${table} (row INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, scope INTEGER, at INTEGER NOT NULL, doc TEXT NOT NULL${columns.map((text) => `, ${text}`).join("")})`);
    statements.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}_scope_at`)} ON ${table} (scope, at, row)`);
    statements.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}_at`)} ON ${table} (at, row)`);
    statements.push(...countStatements(tableOf(name)));
    for (const index of single) {
      if (definition.lookups?.includes(index) || definition.counted?.includes(index)) statements.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}_${index}`)} ON ${table} (${column(index)}, scope, at, row)`);
    }
    if (valued) {
      const { terms, links, words } = sideTables(name);
      // Each distinct value (an address, a subject, a metadata pair) once: a value seen before costs
      // a lookup, not a row and its trigrams.
      statements.push(`CREATE TABLE IF NOT EXISTS ${terms} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value ANY NOT NULL)`);
      statements.push(`CREATE UNIQUE INDEX IF NOT EXISTS ${quote(`${name}__terms_value`)} ON ${terms} (name, value)`);
      // A record's values, ordered as searches read them: a term's records of a server, newest first,
      // without a look at the records themselves (scope -1 for the account's records).
      statements.push(`CREATE TABLE IF NOT EXISTS ${links} (term INTEGER NOT NULL, scope INTEGER NOT NULL, at INTEGER NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (term, scope, at, row)) WITHOUT ROWID`);
      statements.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}__links_row`)} ON ${links} (row)`);
      // Parts of values (a piece of an address, of a subject) are found through a trigram index of
      // the terms, by term id. The store writes it once per commit, not per unit: FTS5 writes what it
      // holds at every savepoint, and each unit is one.
      statements.push(`CREATE VIRTUAL TABLE IF NOT EXISTS ${words} USING fts5(name UNINDEXED, value, tokenize = 'trigram')`);
      // Layout 1 fed its trigram index by triggers.
      statements.push(`DROP TRIGGER IF EXISTS ${quote(`${name}__text_insert`)}`);
      statements.push(`DROP TRIGGER IF EXISTS ${quote(`${name}__text_delete`)}`);
    }
  }
  return statements;
}

export interface SqliteStoreOptions {
  /** called after every unit of work that was committed */
  onCommit?: () => void;
  /**
   * Makes what was committed survive a power cut (an fsync of the write-ahead log, off the event
   * loop). A unit of work that changed something resolves only after it; the next unit does not
   * wait for it, so concurrent commits share one.
   */
  durable?: () => Promise<void>;
  /** the most units one commit acknowledges (128) */
  batchLimit?: number;
  /**
   * Past this many records a filter of several terms picks (a part of an address most addresses
   * hold), a page walks the records in order and tests each, rather than sorting the picks (5,000).
   */
  manyPicks?: number;
  /** runs a function after the event loop has taken in pending input (setImmediate in Node; a zero timeout otherwise) */
  later?: (then: () => void) => void;
}

/** SQLite's primary result codes for a write that the disk or the file refused. */
const writeFailures: Record<number, string> = {
  8: "its database file can no longer be written (SQLITE_READONLY)",
  10: "the disk failed to read or write (SQLITE_IOERR)",
  13: "the disk holding its database is full, or the database reached its size limit (SQLITE_FULL)",
  14: "its database file cannot be opened any more (SQLITE_CANTOPEN)",
};

/** SQLite's primary result code of a failure from `node:sqlite` (extended codes carry it in their low byte); NaN for another error. */
export function sqliteResultCode(error: unknown): number {
  const code = (error as { errcode?: unknown } | null)?.errcode;
  return typeof code === "number" ? code & 0xff : Number.NaN;
}

/** A failure of the database as the emulator reports it, or the error as it is when it is not one. */
export function storeFailureOf(error: unknown): unknown {
  const why = writeFailures[sqliteResultCode(error)];
  if (!why) return error;
  return new StoreFailure(`The local Postmark could not keep this change: ${why}. Nothing of this request was kept; what was stored before is intact and can still be read.`);
}

export interface SqliteStore extends Store {
  /** whether a state file with this mark was imported already */
  wasImported(mark: string): Promise<boolean>;
  /** stores every record of a snapshot and its sequences, with the mark, in one commit */
  importSnapshot(snapshot: MemorySnapshot, mark: string): Promise<void>;
}

export function createSqliteStore(db: SqlDatabase, options: SqliteStoreOptions = {}): SqliteStore {
  const statements = new Map<string, SqlStatement>();
  const prepare = (sql: string): SqlStatement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const tables = new Map<CollectionName, Table>(collectionNames.map((name) => [name, tableOf(name)]));
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** whether a unit of work is running */
  let running = false;
  const batchLimit = options.batchLimit ?? 128;
  const later = options.later ?? ((then: () => void) => void setTimeout(then, 0));

  /** The terms a condition on an index of several values (or a part of a searched text) accepts, found before the records. */
  interface TermFilter {
    ids: number[];
    /** how many records the filter picks (of the query's server), counted up to `manyPicks` + 1 when it matters */
    links: number;
    /** whether a record may hold several of the terms: an index of several values, on a server that has held such a record */
    many: boolean;
  }

  /** A query split into its server and time bounds, what the terms decide, and what the records' own columns do. */
  interface SearchPlan {
    /** `scope = ?` and the time bounds, on a table with `scope` and `at` columns */
    bounds: string[];
    boundParameters: SqlValue[];
    terms: TermFilter[];
    clauses: string[];
    parameters: SqlValue[];
    /** whether no record can match (a filter accepts no term) */
    empty: boolean;
  }

  function termsOf(table: Table, index: string, condition: Exclude<Condition, { all: readonly IndexValue[] }>, scope: number | undefined): TermFilter {
    const { terms, words } = sideTables(table.name);
    let rows: Record<string, unknown>[];
    if (typeof condition !== "object" || "eq" in condition) {
      rows = prepare(`SELECT id FROM ${terms} WHERE name = ? AND value = ?`).all(index, stored(typeof condition === "object" ? condition.eq : condition));
    } else if ([...condition.contains].length >= 3) {
      // Three characters or more: the trigram index of the terms finds those that hold them.
      writeText();
      rows = prepare(`SELECT rowid AS id FROM ${words} WHERE ${words} MATCH ? AND name = ?`).all(`value : "${condition.contains.toLowerCase().replace(/"/g, '""')}"`, index);
    } else {
      rows = prepare(`SELECT id FROM ${terms} WHERE name = ? AND value LIKE ? ESCAPE '\\'`).all(index, likePattern(condition.contains));
    }
    const ids = rows.map((row) => Number(row["id"]));
    return { ids, links: 0, many: table.many.has(index) && ids.length > 1 && heldSeveral(table, index, scope) };
  }

  /** How many records of a server (or of all) a filter picks, counted on the links up to `manyPicks` + 1. */
  function picks(table: Table, filter: TermFilter, scope: number | undefined): number {
    const { links } = sideTables(table.name);
    const server = scope === undefined ? "" : " AND scope = ?";
    const sql = `SELECT count(*) AS n FROM (SELECT 1 FROM ${links} WHERE term IN (SELECT value FROM json_each(?))${server} LIMIT ?)`;
    return Number(prepare(sql).get(JSON.stringify(filter.ids), ...(scope === undefined ? [] : [scope]), manyPicks + 1)?.["n"] ?? 0);
  }

  /** Whether every record of a server (or of all) has this value of a counted index, by the counts table. */
  function everyRecordHas(table: Table, scope: number | undefined, index: string, value: SqlValue): boolean {
    const server = scope === undefined ? "" : " AND scope = ?";
    const counted = prepare(`SELECT coalesce(sum(n), 0) AS n FROM counts WHERE tbl = ? AND idx = ? AND value = ?${server}`);
    const of = (name: string, held: SqlValue) => Number(counted.get(table.name, name, held, ...(scope === undefined ? [] : [scope]))?.["n"] ?? 0);
    return of(index, value) === of("", "");
  }

  /** Whether a record of a server (or of any) has held several values of an index, by the mark put() leaves. */
  function heldSeveral(table: Table, index: string, scope: number | undefined): boolean {
    const server = scope === undefined ? "" : " AND scope = ?";
    return prepare(`SELECT 1 AS held FROM counts WHERE tbl = ? AND idx = ?${server} LIMIT 1`).get(table.name, severalValuesMark(index), ...(scope === undefined ? [] : [scope])) !== undefined;
  }

  function planOf(table: Table, query: Query): SearchPlan {
    const plan: SearchPlan = { bounds: [], boundParameters: [], terms: [], clauses: [], parameters: [], empty: false };
    const bound = (sql: string, value: number | undefined) => {
      if (value === undefined) return;
      plan.bounds.push(sql);
      plan.boundParameters.push(value);
    };
    bound("scope = ?", query.scope);
    bound("at >= ?", query.at?.from);
    bound("at <= ?", query.at?.to);
    const countedEquals: [string, SqlValue][] = [];
    for (const [index, condition] of Object.entries(query.where ?? {}) as [string, Condition | undefined][]) {
      if (condition === undefined) continue;
      if (!(index in table.definition.indexes)) throw new Error(`No index ${index} on ${table.name}.`);
      if (table.many.has(index) || (table.texts.has(index) && searchesText(condition))) {
        const filters = typeof condition === "object" && "all" in condition ? condition.all.map((value) => termsOf(table, index, value, query.scope)) : [termsOf(table, index, condition, query.scope)];
        plan.terms.push(...filters);
        if (filters.some((filter) => filter.ids.length === 0)) plan.empty = true;
        continue;
      }
      const test = (sql: string, value: SqlValue) => {
        plan.clauses.push(`${column(index)} ${sql}`);
        plan.parameters.push(value);
      };
      if (typeof condition !== "object" || "eq" in condition) {
        const value = stored(typeof condition === "object" ? condition.eq : condition);
        if (table.counted.has(index)) countedEquals.push([index, value]);
        else test("= ?", value);
      } else if ("contains" in condition) test("LIKE ? ESCAPE '\\'", likePattern(condition.contains));
      else for (const value of condition.all) test("= ?", stored(value));
    }
    // Beside terms, a condition that every record of the server meets (the default stream, by the
    // counts) is left out, rather than tested on each pick.
    for (const [index, value] of countedEquals) {
      if (plan.terms.length > 0 && everyRecordHas(table, query.scope, index, value)) continue;
      plan.clauses.push(`${column(index)} = ?`);
      plan.parameters.push(value);
    }
    // The filter with the fewest records leads; one of several terms with many records is walked.
    if (!plan.empty && (plan.terms.length > 1 || plan.terms.some((filter) => filter.ids.length > 1))) {
      for (const filter of plan.terms) filter.links = picks(table, filter, query.scope);
      plan.terms.sort((a, b) => a.links - b.links);
    }
    return plan;
  }

  /** A test that a record (its row as `row`) has one of a filter's terms, and its parameter. */
  const linked = (links: string, filter: TermFilter, row: string): [string, SqlValue] =>
    filter.ids.length === 1
      ? [`EXISTS (SELECT 1 FROM ${links} WHERE row = ${row} AND term = ?)`, filter.ids[0]!]
      : [`EXISTS (SELECT 1 FROM ${links} WHERE row = ${row} AND term IN (SELECT value FROM json_each(?)))`, JSON.stringify(filter.ids)];

  const manyPicks = options.manyPicks ?? 5000;

  /** What a search gives: a page in order, every matching row in no order (to delete them all), or a count. */
  type Use = "page" | "all" | "count";

  /** Whether a search walks the records in order, testing each, rather than starting from its terms' links. */
  const walks = (plan: SearchPlan, use: Use) => {
    const lead = plan.terms[0];
    return !lead || (use === "page" && lead.ids.length > 1 && lead.links > manyPicks);
  };

  /**
   * The rows that match (with `at`), in order, or their count: through the leading filter's
   * links when terms decide (a term's records of a server are in order on its index; several
   * terms' picks are sorted, links alone), else through the records' own indexes. No record's
   * document is read here.
   */
  function rowsOf(table: Table, plan: SearchPlan, query: Query, use: Use, what = "row, at"): { sql: string; parameters: SqlValue[] } {
    const { links } = sideTables(table.name);
    const direction = (query.order ?? "newest") === "newest" ? "DESC" : "ASC";
    const paged = use === "page" && (query.limit !== undefined || Boolean(query.offset));
    const limit = paged ? { sql: " LIMIT ? OFFSET ?", parameters: [query.limit ?? -1, query.offset ?? 0] } : { sql: "", parameters: [] };
    const [lead, ...others] = plan.terms;
    if (!lead || walks(plan, use)) {
      const clauses = [...plan.bounds, ...plan.clauses];
      const parameters = [...plan.boundParameters, ...plan.parameters];
      for (const filter of plan.terms) {
        const [sql, parameter] = linked(links, filter, `${quote(table.name)}.row`);
        clauses.push(sql);
        parameters.push(parameter);
      }
      const where = clauses.length > 0 ? ` WHERE ${clauses.join(" AND ")}` : "";
      const order = use === "page" ? ` ORDER BY at ${direction}, row ${direction}` : "";
      if (use === "count") what = "count(*) AS n";
      return { sql: `SELECT ${what} FROM ${quote(table.name)}${where}${order}${limit.sql}`, parameters: [...parameters, ...limit.parameters] };
    }
    const clauses = [lead.ids.length === 1 ? "l.term = ?" : "l.term IN (SELECT value FROM json_each(?))", ...plan.bounds.map((bound) => `l.${bound}`)];
    const parameters: SqlValue[] = [lead.ids.length === 1 ? lead.ids[0]! : JSON.stringify(lead.ids), ...plan.boundParameters];
    for (const filter of others) {
      const [sql, parameter] = linked(links, filter, "l.row");
      clauses.push(sql);
      parameters.push(parameter);
    }
    // Conditions on the records' own columns are tested on each pick (`+`: through no index of theirs).
    const join = plan.clauses.length > 0 ? ` CROSS JOIN ${quote(table.name)} m ON m.row = l.row` : "";
    clauses.push(...plan.clauses.map((clause) => `+m.${clause}`));
    parameters.push(...plan.parameters);
    // A record may hold several of the terms of an index of several values: it is counted once.
    const distinct = lead.many;
    const picked = use === "count" ? (distinct ? "count(DISTINCT l.row) AS n" : "count(*) AS n") : `${distinct ? "DISTINCT " : ""}l.row AS row, l.at AS at`;
    const order = use === "page" ? ` ORDER BY l.at ${direction}, l.row ${direction}` : "";
    return { sql: `SELECT ${picked} FROM ${links} l${join} WHERE ${clauses.join(" AND ")}${order}${limit.sql}`, parameters: [...parameters, ...limit.parameters] };
  }

  /** The matching records' `columns` (their documents, or only their keys), in order. */
  function select(table: Table, query: Query, plan = planOf(table, query), columns: "doc" | "key" = "doc"): Record<string, unknown>[] {
    if (plan.empty) return [];
    if (walks(plan, "page")) {
      const rows = rowsOf(table, plan, query, "page", columns);
      return prepare(rows.sql).all(...rows.parameters);
    }
    const rows = rowsOf(table, plan, query, "page");
    const direction = (query.order ?? "newest") === "newest" ? "DESC" : "ASC";
    // Only the documents of the rows picked are read.
    return prepare(`SELECT ${columns} FROM ${quote(table.name)} WHERE row IN (SELECT row FROM (${rows.sql})) ORDER BY at ${direction}, row ${direction}`).all(...rows.parameters);
  }

  function selectRows(table: Table, query: Query): number[] {
    const plan = planOf(table, query);
    if (plan.empty) return [];
    // Without a limit every match goes, whatever the order: no sort of them is needed.
    const rows = rowsOf(table, plan, query, query.limit === undefined && !query.offset ? "all" : "page");
    return prepare(rows.sql).all(...rows.parameters).map((row) => Number(row["row"]));
  }

  /** The count of records of a server (or of all), or of those with one value of a counted index, from the counts table. */
  function kept(table: Table, query: Query): number | undefined {
    if (query.at !== undefined) return undefined;
    const conditions = Object.entries(query.where ?? {}).filter((entry): entry is [string, Condition] => entry[1] !== undefined);
    if (conditions.length > 1) return undefined;
    let index = "";
    let value: SqlValue = "";
    if (conditions.length === 1) {
      const [name, condition] = conditions[0]!;
      if (!table.counted.has(name) || (typeof condition === "object" && !("eq" in condition))) return undefined;
      index = name;
      value = stored(typeof condition === "object" ? condition.eq : condition);
    }
    const scope = query.scope === undefined ? "" : " AND scope = ?";
    const parameters: SqlValue[] = [table.name, index, value, ...(query.scope === undefined ? [] : [query.scope])];
    return Number(prepare(`SELECT coalesce(sum(n), 0) AS n FROM counts WHERE tbl = ? AND idx = ? AND value = ?${scope}`).get(...parameters)?.["n"] ?? 0);
  }

  function count(table: Table, query: Query, plan?: SearchPlan): number {
    const fast = kept(table, query);
    if (fast !== undefined) return fast;
    plan ??= planOf(table, query);
    if (plan.empty) return 0;
    const counted = rowsOf(table, plan, query, "count");
    return Number(prepare(counted.sql).get(...counted.parameters)?.["n"] ?? 0);
  }

  // Changes to the trigram indexes wait here until the batch commits (or a search needs them).
  // A unit undone takes its own changes back; one that wrote those of earlier units while it ran
  // gives them back to the list, since undoing it undoes that write too.
  interface TextChange {
    table: Table;
    rowid: number | bigint;
    /** the name and value to add; none to remove the row */
    add?: [SqlValue, SqlValue];
  }
  let textChanges: TextChange[] = [];
  /** how many of `textChanges` were there when the running unit began */
  let unitTextMark = 0;
  /** changes of earlier units that the running unit wrote */
  let writtenForEarlier: TextChange[] = [];

  function writeText(): void {
    for (const change of textChanges) {
      if (change.add) prepare(change.table.sql.wordInsert).run(change.rowid, ...change.add);
      else prepare(`DELETE FROM ${sideTables(change.table.name).words} WHERE rowid = ?`).run(change.rowid);
    }
    if (running) writtenForEarlier.push(...textChanges.slice(0, unitTextMark));
    unitTextMark = 0;
    textChanges = [];
  }

  /** The id of a term, making it (and its trigrams, at the commit) when it is new. */
  function termId(table: Table, index: string, value: SqlValue): number {
    const known = prepare(table.sql.termOf).get(index, value);
    if (known) return Number(known["id"]);
    const id = Number(prepare(table.sql.termInsert).run(index, value).lastInsertRowid);
    textChanges.push({ table, rowid: id, add: [index, value] });
    return id;
  }

  /** Forgets the terms among these that no record links to any more, with their trigrams. */
  function dropUnlinked(table: Table, candidates: Iterable<number>): void {
    const { terms, links } = sideTables(table.name);
    for (const term of candidates) {
      if (prepare(`SELECT 1 AS linked FROM ${links} WHERE term = ? LIMIT 1`).get(term)) continue;
      prepare(`DELETE FROM ${terms} WHERE id = ?`).run(term);
      textChanges.push({ table, rowid: term });
    }
  }

  /** Forgets a record's links; returns the terms they were to. */
  const unlink = (table: Table, row: SqlValue): number[] => prepare(`DELETE FROM ${sideTables(table.name).links} WHERE row = ? RETURNING term`).all(row).map((link) => Number(link["term"]));

  function removeRows(table: Table, rows: SqlValue[]): void {
    for (const row of rows) {
      if (table.valued) dropUnlinked(table, new Set(unlink(table, row)));
      prepare(table.sql.deleteRow).run(row);
    }
  }

  function put(table: Table, record: unknown): void {
    const { definition } = table;
    const key = JSON.stringify(definition.key(record));
    const scope = definition.scope?.(record) ?? null;
    const at = definition.at?.(record) ?? 0;
    const singles = table.single.map((index) => {
      const value = definition.indexes[index]!(record);
      if (Array.isArray(value)) throw new Error(`The index ${index} of ${table.name} gives several values: list it in the collection's "many".`);
      return value === null || value === undefined ? null : stored(value as IndexValue);
    });
    const terms = new Set<number>();
    if (table.valued) {
      for (const index of [...table.many, ...table.texts]) {
        const value = definition.indexes[index]!(record);
        const values = value === null || value === undefined ? [] : Array.isArray(value) ? (value as IndexValue[]) : [value as IndexValue];
        const distinct = new Set(values.map(stored));
        for (const item of distinct) if (item !== null) terms.add(termId(table, index, item));
        // Marks never go: a server that held such a record keeps counting each record once.
        if (distinct.size > 1 && table.many.has(index)) prepare(markSeveralSql).run(table.name, scope ?? -1, severalValuesMark(index));
      }
    }
    const doc = documentText(definition, record);
    // A new record is one statement; one whose key is taken is changed in place, keeping its row.
    const inserted = prepare(table.sql.insert).get(key, scope, at, doc, ...singles);
    let row: number;
    let unlinked: number[] = [];
    if (inserted) row = Number(inserted["row"]);
    else {
      row = Number(prepare(table.sql.rowOfKey).get(key)!["row"]);
      prepare(table.sql.update).run(scope, at, doc, ...singles, row);
      if (table.valued) unlinked = unlink(table, row);
    }
    if (!table.valued) return;
    const link = prepare(table.sql.link);
    for (const term of terms) link.run(term, scope ?? -1, at, row);
    // Only once the new links are in: a value the record keeps is never without one.
    dropUnlinked(table, unlinked.filter((term) => !terms.has(term)));
  }

  // What units read of the account's and the servers' setup (a server by its token, a stream,
  // the webhooks of a stream) is read again by nearly every request: it is kept here, parsed, until
  // a unit writes to its collection or one is undone. Mail is never kept: it is large and each
  // send changes it.
  const remembered = new Map<CollectionName, Map<string, unknown>>(
    collectionNames.filter((name) => collections[name].holds !== "mail").map((name) => [name, new Map<string, unknown>()]),
  );
  /** the most answers kept per collection before they are all forgotten */
  const rememberedLimit = 256;
  function remember<T>(name: CollectionName, question: string, answer: () => T): T {
    const answers = remembered.get(name);
    if (!answers) return answer();
    if (answers.has(question)) return answers.get(question) as T;
    const value = answer();
    if (answers.size >= rememberedLimit) answers.clear();
    answers.set(question, value);
    return value;
  }
  const forget = (name: CollectionName) => remembered.get(name)?.clear();
  const forgetAll = () => remembered.forEach((answers) => answers.clear());

  /** how many writes units made; a unit that made none needs no commit of its own */
  let writes = 0;

  function collection(name: CollectionName): Collection<unknown> {
    const table = tables.get(name)!;
    const parse = (rows: Record<string, unknown>[]) => rows.map((row) => recordOfRow(table.definition, row));
    const changed = () => {
      writes++;
      forget(name);
    };
    return {
      get: async (key) =>
        remember(name, `get ${JSON.stringify(key)}`, () => {
          const found = prepare(table.sql.docOfKey).get(JSON.stringify(key));
          return found ? recordOfRow(table.definition, found) : undefined;
        }),
      put: async (record) => {
        changed();
        put(table, record);
      },
      delete: async (key) => {
        const found = prepare(table.sql.rowOfKey).get(JSON.stringify(key));
        if (!found) return false;
        changed();
        removeRows(table, [found["row"] as number]);
        return true;
      },
      // Copies of the lists kept, so that a caller may sort or add to what it was given.
      find: async (query = {}) => [...remember(name, `find ${JSON.stringify(query)}`, () => parse(select(table, query)))],
      keys: async (query = {}) => [...remember(name, `keys ${JSON.stringify(query)}`, () => select(table, query, undefined, "key").map((row) => JSON.parse(row["key"] as string) as string | number))],
      page: async (query): Promise<Page<unknown>> => {
        const page = remember(name, `page ${JSON.stringify(query)}`, () => {
          // The filters' terms are looked up once for the count and the page.
          const plan = planOf(table, query);
          return { total: count(table, query, plan), items: parse(select(table, query, plan)) };
        });
        return { total: page.total, items: [...page.items] };
      },
      count: async (query = {}) => remember(name, `count ${JSON.stringify(query)}`, () => count(table, query)),
      deleteWhere: async (query) => {
        const rows = selectRows(table, query);
        if (rows.length > 0) changed();
        removeRows(table, rows);
        return rows.length;
      },
    };
  }

  const tx = Object.fromEntries(collectionNames.map((name) => [name, collection(name)])) as unknown as Transaction;
  Object.assign(tx, {
    nextId: async (sequence: string) => {
      writes++;
      const row = prepare(`INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`).get(sequence);
      return Number(row?.["value"]);
    },
  });

  // Group commit: units that arrive together share one SQLite transaction, each inside a savepoint
  // of its own, and one commit (and one fsync) acknowledges them all. A batch is committed once no
  // unit is waiting to run, after the event loop has taken in what it was handed meanwhile (so the
  // requests that arrived together join), or when it holds `batchLimit` units. A unit that changed
  // something resolves only after its batch is committed and durable; a unit that throws is undone
  // alone, unless SQLite rolled back the whole transaction (a full disk), which fails its batch.
  interface Batch {
    units: number;
    changed: boolean;
    /** settles once the batch is committed and durable, or with the failure that lost it */
    done: Promise<void>;
    settle(failure?: unknown): void;
  }
  let batch: Batch | undefined;
  let waiting = 0;
  let commitScheduled = false;
  /** fsyncs under way */
  let syncing = 0;

  function openBatch(): Batch {
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (error) {
      throw storeFailureOf(error);
    }
    let settle!: Batch["settle"];
    const done = new Promise<void>((resolve, reject) => {
      settle = (failure) => (failure === undefined ? resolve() : reject(failure));
    });
    // A batch nobody waits on (every unit only read) must not leave an unhandled rejection.
    done.catch(() => undefined);
    return { units: 0, changed: false, done, settle };
  }

  /** Commits the open batch, then makes it durable; its units' answers wait for both. */
  function commit(): void {
    const committing = batch;
    if (!committing) return;
    batch = undefined;
    try {
      writeText();
      db.exec("COMMIT");
    } catch (error) {
      textChanges = [];
      forgetAll();
      if (db.isTransaction) db.exec("ROLLBACK");
      committing.settle(storeFailureOf(error));
      return;
    }
    if (!committing.changed) return committing.settle();
    options.onCommit?.();
    const durable = options.durable;
    if (!durable) return committing.settle();
    syncing++;
    durable()
      .then(
        () => committing.settle(),
        (error: unknown) => committing.settle(new StoreFailure(`The local Postmark stored this change but could not make sure it reached the disk: ${(error as Error).message}.`)),
      )
      .finally(() => {
        syncing--;
        if (waiting === 0 && !running) scheduleCommit();
      });
  }

  /**
   * Commits once nothing is left to run, after one turn of the event loop for arrivals to join, and
   * once the previous commit's fsync is done: its units would wait for the next fsync anyway, and
   * those that arrive meanwhile join the batch.
   */
  function scheduleCommit(): void {
    if (!batch || commitScheduled) return;
    if (batch.units >= batchLimit) return commit();
    commitScheduled = true;
    later(() => {
      commitScheduled = false;
      if (!running && waiting === 0 && syncing === 0) commit();
    });
  }

  /** Runs a unit in the open batch (opening one when none is); returns the batch when the unit changed something. */
  async function run<T>(work: (tx: Transaction) => Promise<T>): Promise<{ result: T; batch: Batch | undefined }> {
    if (closed) throw new Error("The store is closed.");
    batch ??= openBatch();
    const current = batch;
    current.units++;
    const before = writes;
    unitTextMark = textChanges.length;
    writtenForEarlier = [];
    db.exec("SAVEPOINT unit");
    let result: T;
    try {
      result = await work(tx);
      db.exec("RELEASE unit");
    } catch (error) {
      // What was kept of the setup may hold what is now undone.
      forgetAll();
      if (db.isTransaction) {
        db.exec("ROLLBACK TO unit");
        db.exec("RELEASE unit");
        textChanges = [...writtenForEarlier, ...textChanges.slice(0, unitTextMark)];
      } else {
        // SQLite rolled back the whole transaction itself (a full disk does): the batch is lost.
        textChanges = [];
        batch = undefined;
        current.settle(storeFailureOf(error));
      }
      throw storeFailureOf(error);
    }
    const changed = writes !== before;
    if (changed) current.changed = true;
    return { result, batch: changed ? current : undefined };
  }

  function transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    waiting++;
    const ran = queue.then(async () => {
      waiting--;
      running = true;
      try {
        return await run(work);
      } finally {
        running = false;
        if (waiting === 0) scheduleCommit();
        else if (batch && batch.units >= batchLimit) commit();
      }
    });
    queue = ran.catch(() => undefined);
    return ran.then(async ({ result, batch: changed }) => {
      if (changed) await changed.done;
      return result;
    });
  }

  const importMark = (mark: string) => `imported ${mark}`;

  return {
    transaction,
    wasImported: (mark) => transaction(async () => prepare("SELECT 1 AS found FROM meta WHERE key = ?").get(importMark(mark)) !== undefined),
    importSnapshot: (snapshot, mark) =>
      transaction(async () => {
        writes++;
        forgetAll();
        for (const [name, records] of Object.entries(snapshot.collections)) {
          const table = tables.get(name as CollectionName);
          if (!table) throw new Error(`The state holds an unknown kind of record, ${name}.`);
          for (const record of records ?? []) put(table, record);
        }
        for (const [name, value] of Object.entries(snapshot.sequences)) {
          prepare("INSERT INTO sequences (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)").run(name, value);
        }
        prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(importMark(mark), new Date().toISOString());
      }),
    async close() {
      closed = true;
      await queue;
      const last = batch;
      commit();
      await last?.done.catch(() => undefined);
      db.close();
    },
  };
}
