// The PostgreSQL engine of the storage API, for `--database postgres://…`: several replicas of the
// local Postmark share one database. Every collection is a table laid out by layout.ts; IDs come
// from database sequences, so they stay unique across replicas.
//
// Units of work take turns through a transaction-scoped advisory lock of their schema, in one of
// two ways. Most units only add mail (a sent message, its events, their webhook posts), each
// record under a key of its own: they hold the lock shared, so any number of them run at once on
// every replica, and their reads see what other units committed before them. Anything else (a
// change to setup or to the account, a record replaced or deleted, a new sequence) needs the lock
// alone: a unit that comes to such a write is undone and run again holding it exclusively, as the
// memory and SQLite engines run their units one at a time. Units meant to read run without the
// lock, on one snapshot (REPEATABLE READ); one that writes after all is run again holding it alone.
import type { Client, Pool, PoolClient } from "pg";
import { collectionNames, collections, documentText, recordOfRow, type CollectionName } from "../core/store/collections.js";
import type { Collection, Condition, IndexValue, Page, Query, Store, Transaction, UnitOptions } from "../core/store/store.js";
import { channelOf, indexColumn, knownSequences, postedIndexes, postingsTable, quote, sequenceName, tableLayout, valuesTable, type TableLayout } from "./layout.js";
import { unavailable, isConnectionFailure, storeFailureOf } from "./errors.js";
import { createNotifier } from "./notifier.js";

export interface PostgresStoreOptions {
  pool: Pool;
  schema: string;
  /** called after every unit of work that was committed with writes */
  onCommit?: () => void;
  /** the pool is the store's: `close()` ends it (default true) */
  ownsPool?: boolean;
  /** a connection of its own for LISTEN (without it, `listen` is not offered) */
  connectListener?: () => Promise<Client>;
  /** one line when the listening connection is lost or back */
  log?: (line: string) => void;
}

/** What goes through NOTIFY: an announcement, or word that jobs are waiting. */
export type Broadcast = { from: string; notice: unknown } | { from: string; jobs: true };

/** A value as an index holds it: text, strings without case. */
function stored(value: IndexValue): string {
  return typeof value === "string" ? value.toLowerCase() : String(value);
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Separates the values of a `many` index in its text column: no address, token or pair holds it. */
const separator = "\n";

/** Past this many values matching a search by a part, postings cost more than reading newest first: the records are read as they are. */
const maxPostedValues = 1_000;

/** Thrown at a write the unit's hold of the lock does not allow: it is undone and run again holding the lock alone. */
class NeedsLock extends Error {}

/** SQLSTATE of units that met each other: a serialization failure, a deadlock. */
function isTurnConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "40001" || code === "40P01";
}

/** The two keys of the advisory lock that makes writing units take turns, one per schema. */
export function lockKeys(schema: string): [number, number] {
  let hash = 0;
  for (const character of schema) hash = (Math.imul(hash, 31) + character.codePointAt(0)!) | 0;
  return [0x504d, hash];
}

export interface PostgresStore extends Store {
  /** calls `wake` when any replica queued jobs, and when listening starts again after a loss */
  onJobs(wake: () => void): () => void;
  /**
   * Starts listening for the other replicas (when a listening connection was given) and resolves
   * once the first LISTEN holds: a replica that answers before then could miss their changes.
   */
  listening(): Promise<void>;
}

export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { pool, schema } = options;
  const s = quote(schema);
  const tables = new Map<CollectionName, TableLayout>(collectionNames.map((name) => [name, tableLayout(name)]));
  /** Each table's two writes of a whole record, made once: adding under a new key, and adding or replacing. */
  const writes = new Map<TableLayout, { add: string; put: string }>();
  const writeStatements = (table: TableLayout): { add: string; put: string } => {
    let sql = writes.get(table);
    if (!sql) {
      const columns = ["key", "scope", "at", "doc", ...table.single.map(indexColumn), ...table.many.map(indexColumn), ...table.many.map((index) => quote(`t_${index}`))];
      const insert = `INSERT INTO ${tableName(table)} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) ON CONFLICT (key)`;
      const updates = columns.slice(1).map((column) => `${column} = EXCLUDED.${column}`);
      writes.set(table, (sql = { add: `${insert} DO NOTHING RETURNING row`, put: `${insert} DO UPDATE SET ${updates.join(", ")}` }));
    }
    return sql;
  };
  const [lockClass, lockId] = lockKeys(schema);
  // The migrations made these; any other is made on demand, by a unit holding the lock alone.
  const made = new Set<string>(knownSequences);
  let closed = false;
  const running = new Set<Promise<unknown>>();
  const channel = channelOf(schema);
  /** this process, so that it does not hear its own announcements */
  const self = crypto.randomUUID();
  const notifier = createNotifier(pool, channel);

  /** The WHERE clause of a query, with its parameters numbered from `first`. */
  function whereOf(table: TableLayout, query: Query, parameters: unknown[]): string {
    const clauses: string[] = [];
    const add = (value: unknown) => `$${parameters.push(value)}`;
    if (query.scope !== undefined) clauses.push(`scope = ${add(query.scope)}`);
    if (query.at?.from !== undefined) clauses.push(`at >= ${add(query.at.from)}`);
    if (query.at?.to !== undefined) clauses.push(`at <= ${add(query.at.to)}`);
    for (const [index, condition] of Object.entries(query.where ?? {}) as [string, Condition | undefined][]) {
      if (condition === undefined) continue;
      if (!(index in table.definition.indexes)) throw new Error(`No index ${index} on ${table.name}.`);
      const many = table.many.includes(index);
      const column = indexColumn(index);
      if (typeof condition !== "object" || "eq" in condition) {
        const value = stored(typeof condition === "object" ? condition.eq : condition);
        clauses.push(many ? `${column} @> ARRAY[${add(value)}]::text[]` : `${column} = ${add(value)}`);
      } else if ("contains" in condition) {
        const pattern = likePattern(condition.contains);
        if (!many) clauses.push(`${column} LIKE ${add(pattern)}`);
        else if (condition.contains.includes(separator)) clauses.push(`EXISTS (SELECT 1 FROM unnest(${column}) AS value WHERE value LIKE ${add(pattern)})`);
        // The joined text narrows through its trigram index; each value is then checked alone.
        else {
          const p = add(pattern);
          clauses.push(`${quote(`t_${index}`)} LIKE ${p} AND EXISTS (SELECT 1 FROM unnest(${column}) AS value WHERE value LIKE ${p})`);
        }
      } else {
        const values = condition.all.map(stored);
        if (many) clauses.push(`${column} @> ${add(values)}::text[]`);
        else for (const value of values) clauses.push(`${column} = ${add(value)}`);
      }
    }
    return clauses.length > 0 ? ` WHERE ${clauses.join(" AND ")}` : "";
  }

  /** A count the counts table answers: every record (of a server), or those with one value of a counted index. */
  function countedBy(table: TableLayout, query: Query): { index: string; value: string; scope: number | undefined } | undefined {
    if (query.at !== undefined) return undefined;
    const conditions = Object.entries(query.where ?? {}).filter((entry): entry is [string, Condition] => entry[1] !== undefined);
    if (conditions.length > 1) return undefined;
    const scope = query.scope;
    if (conditions.length === 0) return { index: "", value: "", scope };
    const [index, condition] = conditions[0]!;
    if (!table.definition.counted?.includes(index) || (typeof condition === "object" && !("eq" in condition))) return undefined;
    return { index, value: stored(typeof condition === "object" ? condition.eq : condition), scope };
  }

  const orderOf = (query: Query) => ((query.order ?? "newest") === "newest" ? " ORDER BY at DESC, row DESC" : " ORDER BY at ASC, row ASC");

  function limitOf(query: Query, parameters: unknown[]): string {
    let sql = "";
    if (query.limit !== undefined) sql += ` LIMIT $${parameters.push(query.limit)}`;
    if (query.offset) sql += ` OFFSET $${parameters.push(query.offset)}`;
    return sql;
  }

  const tableName = (table: TableLayout) => `${s}.${quote(table.name)}`;

  /** How a unit holds the schema's lock: not at all (reads), shared (adds mail), or alone. */
  type Hold = "none" | "shared" | "alone";

  interface Unit {
    client: PoolClient;
    hold: Hold;
    wrote: boolean;
    /** the setup generation the unit sees (undefined: unknown, the cache is not used) */
    generation: number | undefined;
    /** it changed setup: the generation moves on with its commit */
    wroteSetup: boolean;
  }

  // Setup (servers, streams, webhooks, templates, …) changes only in units holding the lock alone,
  // and each such unit moves the schema's setup generation on as it commits. A unit holding the
  // lock shared, or reading one snapshot, therefore sees the setup of the generation it read as it
  // began, whatever replica wrote it: what this replica read of that generation is answered from
  // memory, without a round trip.
  const setupCache = { generation: -1, answers: new Map<string, Record<string, unknown>[]>() };
  /** Distinct reads of setup kept per generation; past it the cache starts over. */
  const setupCacheLimit = 2_000;
  const generationKey = "setup_generation";

  /** Collections whose records only a unit holding the lock alone may write, whatever the key. */
  const setup = new Set<CollectionName>(collectionNames.filter((name) => collections[name].holds !== "mail"));

  function collection(unit: Unit, name: CollectionName): Collection<unknown> {
    const table = tables.get(name)!;
    const isSetup = setup.has(name);
    const query = async (sql: string, parameters: unknown[] = [], prepared?: string) =>
      (await unit.client.query(prepared ? { name: prepared, text: sql, values: parameters } : { text: sql, values: parameters })).rows as Record<string, unknown>[];
    /** A read, answered from the setup cache when the unit sees the generation it holds. */
    const read = async (sql: string, parameters: unknown[] = [], prepared?: string) => {
      const generation = unit.generation;
      if (!isSetup || unit.hold === "alone" || generation === undefined || generation < setupCache.generation) return query(sql, parameters, prepared);
      if (generation > setupCache.generation) {
        setupCache.generation = generation;
        setupCache.answers.clear();
      }
      const key = `${sql}\u0000${JSON.stringify(parameters)}`;
      const cached = setupCache.answers.get(key);
      if (cached) return cached;
      const rows = await query(sql, parameters, prepared);
      if (setupCache.generation === generation) {
        if (setupCache.answers.size >= setupCacheLimit) setupCache.answers.clear();
        setupCache.answers.set(key, rows);
      }
      return rows;
    };
    /** A write that needs the lock alone (setup, a replace, a delete). */
    const write = () => {
      if (unit.hold !== "alone") throw new NeedsLock();
      unit.wrote = true;
      if (isSetup) unit.wroteSetup = true;
    };
    // Statements of fixed text are prepared once per connection (named per schema and table).
    const named = (what: string) => `${schema}.${table.name}.${what}`;
    const parse = (rows: Record<string, unknown>[]) => rows.map((row) => recordOfRow(table.definition, row));
    const posted = postedIndexes[name] ?? [];
    /**
     * The values' IDs in the postings of a query that filters by a posted index alone (within a
     * server), or undefined when the postings do not serve it.
     */
    // A page asks twice with one query (its items, then its total): the values are looked up once
    // (until the unit writes).
    let postingsAsked = new WeakMap<Query, Promise<{ index: string; ids: number[] } | undefined>>();
    const postingsOf = (q: Query): Promise<{ index: string; ids: number[] } | undefined> => {
      let asked = postingsAsked.get(q);
      if (!asked) postingsAsked.set(q, (asked = lookUpPostings(q)));
      return asked;
    };
    const lookUpPostings = async (q: Query): Promise<{ index: string; ids: number[] } | undefined> => {
      if (q.scope === undefined || posted.length === 0) return undefined;
      const conditions = Object.entries(q.where ?? {}).filter((entry): entry is [string, Condition] => entry[1] !== undefined);
      const postedConditions = conditions.filter(([index]) => posted.includes(index));
      if (postedConditions.length !== 1) return undefined;
      const [index, condition] = postedConditions[0]!;
      // Other conditions must hold for every record of the server (a search's stream, when the
      // server's mail is all in it): the counts tell, and the postings then serve alone.
      for (const [other, wanted] of conditions) {
        if (other === index) continue;
        if (!table.definition.counted?.includes(other) || (typeof wanted === "object" && !("eq" in wanted))) return undefined;
        const value = stored(typeof wanted === "object" ? wanted.eq : wanted);
        // The server's count under that value against its count of every record (index '' value '').
        const countOf = (index: string, value: string) => `SELECT coalesce(sum(n), 0) FROM ${s}.counts WHERE tbl = $1 AND scope = $2 AND idx = ${index} AND value = ${value}`;
        const [every] = await query(`SELECT (${countOf("$3", "$4")}) = (${countOf("''", "''")}) AS every`, [table.name, q.scope, other, value], named("every"));
        if (every?.["every"] !== true) return undefined;
      }
      const values = valuesTable(schema, name, index);
      let rows: Record<string, unknown>[];
      if (typeof condition !== "object" || "eq" in condition) rows = await query(`SELECT id FROM ${values} WHERE value = $1`, [stored(typeof condition === "object" ? condition.eq : condition)], named(`${index}.value`));
      else if ("contains" in condition && !condition.contains.includes(separator))
        rows = await query(`SELECT id FROM ${values} WHERE value LIKE $1 LIMIT ${maxPostedValues + 1}`, [likePattern(condition.contains)], named(`${index}.values`));
      else return undefined;
      if (rows.length > maxPostedValues) return undefined;
      return { index, ids: rows.map((row) => Number(row["id"])) };
    };
    /** The postings' WHERE clause for one value (`v.id`) or several (`$1`), within the server and the time bounds. */
    const postingsWhere = (q: Query, parameters: unknown[], value: string) => {
      let sql = ` WHERE ${value} AND scope = $${parameters.push(q.scope)}`;
      if (q.at?.from !== undefined) sql += ` AND at >= $${parameters.push(q.at.from)}`;
      if (q.at?.to !== undefined) sql += ` AND at <= $${parameters.push(q.at.to)}`;
      return sql;
    };
    const select = async (q: Query, what = "doc") => {
      const postings = await postingsOf(q);
      if (postings) {
        if (postings.ids.length === 0) return [];
        // The newest (or oldest) postings of each value, as many as the page reaches: together they
        // hold the page, whichever values its records have.
        const parameters: unknown[] = [postings.ids];
        const direction = (q.order ?? "newest") === "newest" ? "DESC" : "ASC";
        const reach = q.limit === undefined ? "" : ` LIMIT $${parameters.push(q.limit + (q.offset ?? 0))}`;
        const rows = `SELECT p.row FROM unnest($1::bigint[]) AS v (id) CROSS JOIN LATERAL (SELECT row FROM ${postingsTable(schema, name, postings.index)}${postingsWhere(q, parameters, "value_id = v.id")} ORDER BY at ${direction}, row ${direction}${reach}) AS p`;
        return query(`SELECT ${what} FROM ${tableName(table)} WHERE row IN (${rows})${orderOf(q)}${limitOf(q, parameters)}`, parameters);
      }
      const parameters: unknown[] = [];
      const where = whereOf(table, q, parameters);
      return read(`SELECT ${what} FROM ${tableName(table)}${where}${orderOf(q)}${limitOf(q, parameters)}`, parameters);
    };
    const count = async (q: Query) => {
      const postings = await postingsOf(q);
      if (postings) {
        if (postings.ids.length === 0) return 0;
        const parameters: unknown[] = [postings.ids];
        const [row] = await query(`SELECT count(DISTINCT row)::int AS n FROM ${postingsTable(schema, name, postings.index)}${postingsWhere(q, parameters, "value_id = ANY ($1::bigint[])")}`, parameters);
        return Number(row?.["n"] ?? 0);
      }
      const fast = countedBy(table, q);
      if (fast) {
        const [row] = await read(`SELECT coalesce(sum(n), 0)::bigint AS n FROM ${s}.counts WHERE tbl = $1 AND idx = $2 AND value = $3${fast.scope === undefined ? "" : " AND scope = $4"}`, [table.name, fast.index, fast.value, ...(fast.scope === undefined ? [] : [fast.scope])]);
        return Number(row?.["n"] ?? 0);
      }
      const parameters: unknown[] = [];
      const [row] = await read(`SELECT COUNT(*)::int AS n FROM ${tableName(table)}${whereOf(table, q, parameters)}`, parameters);
      return Number(row?.["n"] ?? 0);
    };
    return {
      get: async (key) => {
        const [found] = await read(`SELECT doc FROM ${tableName(table)} WHERE key = $1`, [JSON.stringify(key)], named("get"));
        return found ? recordOfRow(table.definition, found) : undefined;
      },
      put: async (record) => {
        postingsAsked = new WeakMap();
        if (unit.hold === "none" || (unit.hold === "shared" && setup.has(name))) throw new NeedsLock();
        const { definition } = table;
        const values: unknown[] = [JSON.stringify(definition.key(record)), definition.scope?.(record) ?? null, definition.at?.(record) ?? 0, documentText(definition, record)];
        for (const index of table.single) {
          const value = definition.indexes[index]!(record);
          if (Array.isArray(value)) throw new Error(`The index ${index} of ${table.name} gives several values: list it in the collection's "many".`);
          values.push(value === null || value === undefined ? null : stored(value as IndexValue));
        }
        const manyValues = table.many.map((index) => {
          const value = definition.indexes[index]!(record);
          const list = value === null || value === undefined ? [] : Array.isArray(value) ? (value as IndexValue[]) : [value as IndexValue];
          return [...new Set(list.map(stored))];
        });
        values.push(...manyValues, ...manyValues.map((list) => list.join(separator)));
        const sql = writeStatements(table);
        if (unit.hold === "shared") {
          // Mail under a key of its own goes in beside other units; a key already taken means a
          // replace, which needs the lock alone.
          const added = await query(sql.add, values, named("add"));
          if (added.length === 0) throw new NeedsLock();
          unit.wrote = true;
          return;
        }
        unit.wrote = true;
        if (isSetup) unit.wroteSetup = true;
        await query(sql.put, values, named("put"));
      },
      delete: async (key) => {
        write();
        postingsAsked = new WeakMap();
        const rows = await query(`DELETE FROM ${tableName(table)} WHERE key = $1 RETURNING row`, [JSON.stringify(key)], named("delete"));
        return rows.length > 0;
      },
      find: async (q = {}) => parse(await select(q)),
      keys: async (q = {}) => (await select(q, "key")).map((row) => JSON.parse(row["key"] as string) as string | number),
      page: async (q): Promise<Page<unknown>> => {
        const items = parse(await select(q));
        // A page short of its limit tells the total without counting again.
        const offset = q.offset ?? 0;
        const total = q.limit !== undefined && items.length > 0 && items.length < q.limit ? offset + items.length : await count(q);
        return { total, items };
      },
      count: async (q = {}) => count(q),
      deleteWhere: async (q) => {
        write();
        postingsAsked = new WeakMap();
        const parameters: unknown[] = [];
        const where = whereOf(table, q, parameters);
        if (q.limit === undefined && !q.offset) {
          const rows = await query(`DELETE FROM ${tableName(table)}${where} RETURNING row`, parameters);
          return rows.length;
        }
        const rows = await query(`DELETE FROM ${tableName(table)} WHERE row IN (SELECT row FROM ${tableName(table)}${where}${orderOf(q)}${limitOf(q, parameters)}) RETURNING row`, parameters);
        return rows.length;
      },
    };
  }

  async function nextId(unit: Unit, sequence: string): Promise<number> {
    const name = `${s}.${sequenceName(sequence)}`;
    // Sequences hand out numbers once across transactions: any unit that writes may draw one.
    if (unit.hold === "none") throw new NeedsLock();
    if (!made.has(sequence)) {
      // Made under the lock held alone, so two units never make one at the same time.
      if (unit.hold !== "alone") throw new NeedsLock();
      await unit.client.query(`CREATE SEQUENCE IF NOT EXISTS ${name}`);
      made.add(sequence);
    }
    const { rows } = await unit.client.query({ name: `${schema}.nextval.${sequence}`, text: `SELECT nextval('${name.replace(/'/g, "''")}')::bigint AS id` });
    return Number((rows[0] as { id: string }).id);
  }

  async function attempt<T>(work: (tx: Transaction) => Promise<T>, hold: Hold): Promise<T> {
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw isConnectionFailure(error) ? unavailable(error) : error;
    }
    const unit: Unit = { client, hold, wrote: false, generation: undefined, wroteSetup: false };
    // Told to the other replicas once the unit is kept, outside its transaction: a NOTIFY inside
    // one takes a lock on the database's notification queue from its commit until the commit is
    // on disk, so units that notified would commit one at a time.
    const broadcasts: Broadcast[] = [];
    let broken = false;
    try {
      // One round trip: the transaction, the lock (the keys are numbers of our own making) and the
      // setup generation, read once the lock is held (or as the snapshot is taken).
      const generation = `SELECT value FROM ${s}.meta WHERE key = '${generationKey}'`;
      const begun = (await client.query(
        hold === "alone"
          ? `BEGIN; SELECT pg_advisory_xact_lock(${lockClass}, ${lockId}); ${generation}`
          : hold === "shared"
            ? `BEGIN; SELECT pg_advisory_xact_lock_shared(${lockClass}, ${lockId}); ${generation}`
            : `BEGIN ISOLATION LEVEL REPEATABLE READ; ${generation}`,
      )) as unknown as { rows: { value?: string }[] }[];
      const seen = begun.at(-1)?.rows[0]?.value;
      unit.generation = seen === undefined ? undefined : Number(seen);
      const tx = Object.fromEntries(collectionNames.map((name) => [name, collection(unit, name)])) as unknown as Transaction;
      let woke = false;
      Object.assign(tx, {
        nextId: (sequence: string) => nextId(unit, sequence),
        announce: async (notice: unknown) => {
          broadcasts.push({ from: self, notice });
        },
        enqueue: async (job: unknown, dueAt: number) => {
          if (unit.hold === "none") throw new NeedsLock();
          unit.wrote = true;
          await client.query({ name: `${schema}.enqueue`, text: `INSERT INTO ${s}.webhook_jobs (due, job) VALUES ($1, $2)`, values: [dueAt, JSON.stringify(job)] });
          if (!woke) broadcasts.push({ from: self, jobs: true });
          woke = true;
        },
      });
      let result: T;
      try {
        result = await work(tx);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw error;
      }
      // Changed setup moves the generation on in the same commit (one round trip).
      await client.query(unit.wroteSetup ? `UPDATE ${s}.meta SET value = (value::bigint + 1)::text WHERE key = '${generationKey}'; COMMIT` : "COMMIT");
      if (unit.wroteSetup) setupCache.answers.clear();
      if (unit.wrote) options.onCommit?.();
      notifier.send(broadcasts);
      return result;
    } catch (error) {
      if (isConnectionFailure(error)) {
        broken = true;
        throw unavailable(error);
      }
      throw storeFailureOf(error);
    } finally {
      client.release(broken ? true : undefined);
    }
  }

  async function run<T>(work: (tx: Transaction) => Promise<T>, unitOptions: UnitOptions | undefined): Promise<T> {
    if (closed) throw new Error("The store is closed.");
    // A unit meant to read that writes after all goes straight to the lock held alone: what it
    // writes is seldom mail (a new token's server, when a server was last used).
    try {
      return await attempt(work, unitOptions?.intent === "read" ? "none" : "shared");
    } catch (error) {
      // Units side by side may still meet on a counts row (a deadlock) or a snapshot (a
      // serialization failure): those too run again, alone.
      if (!(error instanceof NeedsLock) && !isTurnConflict(error)) throw error;
    }
    return attempt(work, "alone");
  }

  const listeners = new Set<(notice: unknown) => void>();
  const wakers = new Set<() => void>();
  let listening: { stop(): void; ready: Promise<void> } | undefined;

  /** LISTENs on a connection of its own, and connects again (every second) when it is lost. */
  function startListening(connect: () => Promise<Client>): { stop(): void; ready: Promise<void> } {
    let stopped = false;
    let heard: () => void = () => {};
    const ready = new Promise<void>((resolve) => (heard = resolve));
    let client: Client | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lost = false;
    const again = () => {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void open();
      }, 1_000);
      timer.unref?.();
    };
    async function open(): Promise<void> {
      try {
        const connected = await connect();
        if (stopped) return void connected.end().catch(() => {});
        client = connected;
        connected.on("error", () => {});
        connected.on("end", () => {
          client = undefined;
          if (!stopped && !lost) options.log?.("database: the connection for changes from other replicas was lost; connecting again");
          lost = true;
          again();
        });
        connected.on("notification", (message) => {
          if (message.channel !== channel || !message.payload) return;
          const broadcast = JSON.parse(message.payload) as Broadcast;
          if ("jobs" in broadcast) for (const wake of wakers) wake();
          else if (broadcast.from !== self) for (const listener of listeners) listener(broadcast.notice);
        });
        await connected.query(`LISTEN ${quote(channel)}`);
        if (lost) options.log?.("database: listening for changes from other replicas again");
        lost = false;
        heard();
        // What happened while nobody listened is not replayed: jobs are looked for at once.
        for (const wake of wakers) wake();
      } catch {
        client?.end().catch(() => {});
        client = undefined;
        again();
      }
    }
    void open();
    return {
      ready,
      stop() {
        stopped = true;
        if (timer) clearTimeout(timer);
        client?.end().catch(() => {});
      },
    };
  }

  const connectListener = options.connectListener;
  const ensureListening = () => {
    if (connectListener && !listening && !closed) listening = startListening(connectListener);
  };

  return {
    async listening() {
      ensureListening();
      await listening?.ready;
    },
    onJobs(wake) {
      wakers.add(wake);
      ensureListening();
      return () => wakers.delete(wake);
    },
    ...(connectListener
      ? {
          listen(listener: (notice: unknown) => void) {
            listeners.add(listener);
            ensureListening();
            return () => listeners.delete(listener);
          },
        }
      : {}),
    transaction(work, unitOptions) {
      const result = run(work, unitOptions);
      running.add(result);
      void result.catch(() => undefined).finally(() => running.delete(result));
      return result;
    },
    async close() {
      closed = true;
      listening?.stop();
      await Promise.allSettled([...running]);
      await notifier.flushed();
      if (options.ownsPool !== false) await pool.end();
    },
  };
}
