// The SQLite engine of the storage API, for `--data`: every collection is a table of JSON records
// with a column per index (a side table for indexes with several values per record), laid out from
// the collection definitions. Units of work run one after the other, each in one SQLite
// transaction, committed before it resolves: a write that was answered is in the database.
// The engine takes any database with the small synchronous API of `node:sqlite` (see
// sqlite-file.ts, which opens one), so this module itself imports nothing from Node.
import { collectionNames, collections, type CollectionDefinition, type CollectionName } from "../core/store/collections.js";
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
 */
export const schemaVersion = 2;

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
}

function tableOf(name: CollectionName): Table {
  const definition = collections[name] as AnyDefinition;
  const many = new Set<string>(definition.many ?? []);
  const single = Object.keys(definition.indexes).filter((index) => !many.has(index));
  const texts = new Set((definition.texts ?? []).filter((index) => single.includes(index)));
  return { name, definition, single, many, counted: new Set((definition.counted ?? []).filter((index) => single.includes(index))), texts, valued: many.size + texts.size > 0 };
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

/** Fills the counts table and the trigram indexes from the records (for a database laid out before they existed). */
export function countRebuildStatements(): string[] {
  const statements = ["DELETE FROM counts"];
  for (const name of collectionNames) {
    const table = tableOf(name);
    const label = `'${name}'`;
    if (table.valued) {
      statements.push(`DELETE FROM ${quote(`${name}__text`)}`);
      statements.push(`INSERT INTO ${quote(`${name}__text`)} (rowid, name, value) SELECT rowid, name, value FROM ${quote(`${name}__values`)}`);
    }
    statements.push(`INSERT INTO counts (tbl, scope, idx, value, n) SELECT ${label}, coalesce(scope, -1), '', '', count(*) FROM ${quote(name)} GROUP BY coalesce(scope, -1)`);
    for (const index of table.counted) {
      statements.push(`INSERT INTO counts (tbl, scope, idx, value, n) SELECT ${label}, coalesce(scope, -1), '${index}', ${column(index)}, count(*) FROM ${quote(name)} WHERE ${column(index)} IS NOT NULL GROUP BY coalesce(scope, -1), ${column(index)}`);
    }
  }
  return statements;
}

/** Which single indexes have their text in the side tables; a database that records another list gets them filled. */
export const textIndexes = collectionNames.flatMap((name) => [...tableOf(name).texts].map((index) => `${name}.${index}`)).join(",");

/** Puts the text of every `texts` index into the side tables and the trigram indexes (for a database laid out before they were listed). */
export function textRebuildStatements(): string[] {
  return collectionNames.flatMap((name) =>
    [...tableOf(name).texts].flatMap((index) => [
      `DELETE FROM ${quote(`${name}__text`)} WHERE rowid IN (SELECT rowid FROM ${quote(`${name}__values`)} WHERE name = '${index}')`,
      `DELETE FROM ${quote(`${name}__values`)} WHERE name = '${index}'`,
      `INSERT INTO ${quote(`${name}__values`)} (row, name, value) SELECT row, '${index}', ${column(index)} FROM ${quote(name)} WHERE ${column(index)} IS NOT NULL`,
      `INSERT INTO ${quote(`${name}__text`)} (rowid, name, value) SELECT rowid, name, value FROM ${quote(`${name}__values`)} WHERE name = '${index}'`,
    ]),
  );
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
      const values = quote(`${name}__values`);
      statements.push(`CREATE TABLE IF NOT EXISTS ${values} (row INTEGER NOT NULL, name TEXT NOT NULL, value ANY NOT NULL)`);
      statements.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}__values_lookup`)} ON ${values} (name, value, row)`);
      statements.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}__values_row`)} ON ${values} (row)`);
      // Parts of values (a piece of an address, of a subject) are found through a trigram index of
      // them, with the side table's rowids. The store writes it once per commit, not per unit: FTS5
      // writes what it holds at every savepoint, and each unit is one.
      const text = quote(`${name}__text`);
      statements.push(`CREATE VIRTUAL TABLE IF NOT EXISTS ${text} USING fts5(name UNINDEXED, value, tokenize = 'trigram')`);
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

/** A failure of the database as the emulator reports it, or the error as it is when it is not one. */
export function storeFailureOf(error: unknown): unknown {
  const code = Number((error as { errcode?: unknown } | null)?.errcode) & 0xff;
  const why = writeFailures[code];
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

  /** The WHERE clause of a query, with its parameters. */
  function whereOf(table: Table, query: Query): { sql: string; parameters: SqlValue[] } {
    const clauses: string[] = [];
    const parameters: SqlValue[] = [];
    // A condition on a value of several (a recipient, a metadata pair) picks few records through its
    // own index: the other conditions are then only checked (`+` keeps SQLite from walking their
    // indexes and testing each record against the first).
    const byValues = Object.entries(query.where ?? {}).some(([index, condition]) => condition !== undefined && (table.many.has(index) || (table.texts.has(index) && searchesText(condition))));
    const checked = byValues ? "+" : "";
    if (query.scope !== undefined) {
      clauses.push(`${checked}scope = ?`);
      parameters.push(query.scope);
    }
    if (query.at?.from !== undefined) {
      clauses.push("at >= ?");
      parameters.push(query.at.from);
    }
    if (query.at?.to !== undefined) {
      clauses.push("at <= ?");
      parameters.push(query.at.to);
    }
    for (const [index, condition] of Object.entries(query.where ?? {}) as [string, Condition | undefined][]) {
      if (condition === undefined) continue;
      if (!(index in table.definition.indexes)) throw new Error(`No index ${index} on ${table.name}.`);
      const many = table.many.has(index);
      const texted = many || table.texts.has(index);
      const values = quote(`${table.name}__values`);
      const matchOne = (test: string, value: SqlValue) => {
        if (many) {
          clauses.push(`row IN (SELECT row FROM ${values} WHERE name = ? AND value ${test})`);
          parameters.push(index, value);
        } else {
          clauses.push(`${checked}${column(index)} ${test}`);
          parameters.push(value);
        }
      };
      if (typeof condition !== "object" || "eq" in condition) matchOne("= ?", stored(typeof condition === "object" ? condition.eq : condition));
      else if (texted && searchesText(condition)) {
        // Three characters or more: the trigram index finds the values that hold them.
        writeText();
        const text = quote(`${table.name}__text`);
        clauses.push(`row IN (SELECT row FROM ${values} WHERE rowid IN (SELECT rowid FROM ${text} WHERE ${text} MATCH ? AND name = ?))`);
        parameters.push(`value : "${condition.contains.toLowerCase().replace(/"/g, '""')}"`, index);
      } else if ("contains" in condition) matchOne("LIKE ? ESCAPE '\\'", likePattern(condition.contains));
      else for (const value of condition.all) matchOne("= ?", stored(value));
    }
    return { sql: clauses.length > 0 ? ` WHERE ${clauses.join(" AND ")}` : "", parameters };
  }

  function orderOf(query: Query): string {
    return (query.order ?? "newest") === "newest" ? " ORDER BY at DESC, row DESC" : " ORDER BY at ASC, row ASC";
  }

  function limitOf(query: Query): { sql: string; parameters: SqlValue[] } {
    if (query.limit === undefined && !query.offset) return { sql: "", parameters: [] };
    return { sql: " LIMIT ? OFFSET ?", parameters: [query.limit ?? -1, query.offset ?? 0] };
  }

  function select(table: Table, query: Query, what = "row, doc"): Record<string, unknown>[] {
    const where = whereOf(table, query);
    const limit = limitOf(query);
    return prepare(`SELECT ${what} FROM ${quote(table.name)}${where.sql}${orderOf(query)}${limit.sql}`).all(...where.parameters, ...limit.parameters);
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

  function count(table: Table, query: Query): number {
    const fast = kept(table, query);
    if (fast !== undefined) return fast;
    const where = whereOf(table, query);
    return Number(prepare(`SELECT COUNT(*) AS n FROM ${quote(table.name)}${where.sql}`).get(...where.parameters)?.["n"] ?? 0);
  }

  // Changes to the trigram indexes wait here until the batch commits (or a search needs them).
  // A unit undone takes its own changes back; one that wrote those of earlier units while it ran
  // gives them back to the list, since undoing it undoes that write too.
  interface TextChange {
    table: string;
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
      const text = quote(change.table);
      if (change.add) prepare(`INSERT INTO ${text} (rowid, name, value) VALUES (?, ?, ?)`).run(change.rowid, ...change.add);
      else prepare(`DELETE FROM ${text} WHERE rowid = ?`).run(change.rowid);
    }
    if (running) writtenForEarlier.push(...textChanges.slice(0, unitTextMark));
    unitTextMark = 0;
    textChanges = [];
  }

  function removeValues(table: Table, row: SqlValue): void {
    const text = `${table.name}__text`;
    for (const removed of prepare(`DELETE FROM ${quote(`${table.name}__values`)} WHERE row = ? RETURNING rowid`).all(row)) textChanges.push({ table: text, rowid: removed["rowid"] as number });
  }

  function removeRows(table: Table, rows: SqlValue[]): void {
    for (const row of rows) {
      if (table.valued) removeValues(table, row);
      prepare(`DELETE FROM ${quote(table.name)} WHERE row = ?`).run(row);
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
    const existing = prepare(`SELECT row FROM ${quote(table.name)} WHERE key = ?`).get(key);
    let row: SqlValue;
    if (existing) {
      row = existing["row"] as number;
      prepare(`UPDATE ${quote(table.name)} SET scope = ?, at = ?, doc = ?${table.single.map((index) => `, ${column(index)} = ?`).join("")} WHERE row = ?`).run(scope, at, JSON.stringify(record), ...singles, row);
      if (table.valued) removeValues(table, row);
    } else {
      const placeholders = ["?", "?", "?", "?", ...table.single.map(() => "?")].join(", ");
      const result = prepare(`INSERT INTO ${quote(table.name)} (key, scope, at, doc${table.single.map((index) => `, ${column(index)}`).join("")}) VALUES (${placeholders})`).run(key, scope, at, JSON.stringify(record), ...singles);
      row = result.lastInsertRowid;
    }
    if (!table.valued) return;
    const text = `${table.name}__text`;
    const insert = prepare(`INSERT INTO ${quote(`${table.name}__values`)} (row, name, value) VALUES (?, ?, ?)`);
    for (const index of [...table.many, ...table.texts]) {
      const value = definition.indexes[index]!(record);
      const values = value === null || value === undefined ? [] : Array.isArray(value) ? (value as IndexValue[]) : [value as IndexValue];
      for (const item of new Set(values.map(stored))) {
        if (item === null) continue;
        textChanges.push({ table: text, rowid: insert.run(row, index, item).lastInsertRowid, add: [index, item] });
      }
    }
  }

  function collection(name: CollectionName): Collection<unknown> {
    const table = tables.get(name)!;
    const parse = (rows: Record<string, unknown>[]) => rows.map((row) => JSON.parse(row["doc"] as string) as unknown);
    return {
      get: async (key) => {
        const found = prepare(`SELECT doc FROM ${quote(name)} WHERE key = ?`).get(JSON.stringify(key));
        return found ? JSON.parse(found["doc"] as string) : undefined;
      },
      put: async (record) => put(table, record),
      delete: async (key) => {
        const found = prepare(`SELECT row FROM ${quote(name)} WHERE key = ?`).get(JSON.stringify(key));
        if (!found) return false;
        removeRows(table, [found["row"] as number]);
        return true;
      },
      find: async (query = {}) => parse(select(table, query)),
      page: async (query): Promise<Page<unknown>> => ({ total: count(table, query), items: parse(select(table, query)) }),
      count: async (query = {}) => count(table, query),
      deleteWhere: async (query) => {
        const rows = select(table, query, "row").map((row) => row["row"] as number);
        removeRows(table, rows);
        return rows.length;
      },
    };
  }

  const tx = Object.fromEntries(collectionNames.map((name) => [name, collection(name)])) as unknown as Transaction;
  Object.assign(tx, {
    nextId: async (sequence: string) => {
      const row = prepare(`INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`).get(sequence);
      return Number(row?.["value"]);
    },
  });

  const totalChanges = () => Number(prepare("SELECT total_changes() AS n").get()?.["n"] ?? 0);

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
    const before = totalChanges();
    unitTextMark = textChanges.length;
    writtenForEarlier = [];
    db.exec("SAVEPOINT unit");
    let result: T;
    try {
      result = await work(tx);
      db.exec("RELEASE unit");
    } catch (error) {
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
    const changed = totalChanges() !== before;
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
