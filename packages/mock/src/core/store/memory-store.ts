// The in-memory engine of the storage API: the default for `npx postmark-mock`, the test helpers
// and the MSW handlers. Plain maps and arrays, no Node imports. Units of work run one after the
// other (each awaits only this store, so they are short); a unit that throws is undone from a log
// of what it replaced.
import { collectionNames, collections, type CollectionDefinition, type CollectionName } from "./collections.js";
import type { Collection, Condition, IndexValue, Page, Query, Store, Transaction } from "./store.js";

export interface MemoryStoreOptions {
  /**
   * Freezes every record stored (deeply), so code that changes a record in place instead of
   * putting a changed copy fails at once. For tests: it costs a walk of each record.
   */
  freezeRecords?: boolean;
  /** called after every unit of work that was kept (not after one that was undone) */
  onCommit?: () => void;
}

/** Everything a memory store holds, as plain data (for `--data` snapshots and tests). */
export interface MemorySnapshot {
  sequences: Record<string, number>;
  collections: { [Name in CollectionName]?: unknown[] };
}

export interface MemoryStore extends Store {
  snapshot(): MemorySnapshot;
}

type Key = string | number;

interface Row {
  key: Key;
  record: unknown;
  /** the order it was first stored in */
  seq: number;
  at: number;
  scope: number | undefined;
}

/** The rows of one server (or of the account), in the order they were stored. */
interface Shelf {
  rows: (Row | undefined)[];
  positions: Map<Key, number>;
  holes: number;
  /** no row before this position: the oldest rows go first, and a walk from the oldest end starts here */
  head: number;
  /** false once a row's time is earlier than a row stored before it */
  sorted: boolean;
  lastAt: number;
}

type AnyDefinition = CollectionDefinition<unknown, string>;

class Table {
  readonly byKey = new Map<Key, Row>();
  readonly shelves = new Map<number | undefined, Shelf>();
  /** per lookup index, the keys of each value: one key alone (most values, such as a message's ID, name one record) or a set */
  readonly lookups = new Map<string, Map<IndexValue, Key | Set<Key>>>();
  seq = 0;

  constructor(readonly definition: AnyDefinition) {
    for (const name of definition.lookups ?? []) this.lookups.set(name, new Map());
  }

  shelf(scope: number | undefined): Shelf {
    let shelf = this.shelves.get(scope);
    if (!shelf) this.shelves.set(scope, (shelf = { rows: [], positions: new Map(), holes: 0, head: 0, sorted: true, lastAt: -Infinity }));
    return shelf;
  }

  /** Stores a row; returns the row it replaced. */
  write(key: Key, record: unknown): Row | undefined {
    const previous = this.byKey.get(key);
    const scope = this.definition.scope?.(record);
    const at = this.definition.at?.(record) ?? 0;
    if (previous && previous.scope !== scope) this.remove(key);
    const kept = previous && previous.scope === scope ? previous : undefined;
    const row: Row = { key, record, seq: kept ? kept.seq : this.seq++, at, scope };
    if (kept) this.unindex(key, kept);
    this.byKey.set(key, row);
    const shelf = this.shelf(scope);
    const position = shelf.positions.get(key);
    if (position !== undefined) {
      shelf.rows[position] = row;
      if (at !== kept?.at) shelf.sorted = false;
    } else {
      shelf.positions.set(key, shelf.rows.length);
      shelf.rows.push(row);
      if (at < shelf.lastAt) shelf.sorted = false;
      shelf.lastAt = Math.max(shelf.lastAt, at);
    }
    this.index(key, row);
    return previous;
  }

  /** Puts back a row exactly as it was (undo). */
  restore(key: Key, row: Row): void {
    this.remove(key);
    this.byKey.set(key, row);
    const shelf = this.shelf(row.scope);
    shelf.positions.set(key, shelf.rows.length);
    shelf.rows.push(row);
    shelf.sorted = false;
    this.index(key, row);
  }

  remove(key: Key): Row | undefined {
    const row = this.byKey.get(key);
    if (!row) return undefined;
    this.byKey.delete(key);
    this.unindex(key, row);
    const shelf = this.shelf(row.scope);
    const position = shelf.positions.get(key);
    if (position !== undefined) {
      shelf.rows[position] = undefined;
      shelf.positions.delete(key);
      shelf.holes++;
      while (shelf.head < shelf.rows.length && shelf.rows[shelf.head] === undefined) shelf.head++;
      if (shelf.holes > 64 && shelf.holes * 2 > shelf.rows.length) compact(shelf);
    }
    if (shelf.positions.size === 0) this.shelves.delete(row.scope);
    return row;
  }

  private index(key: Key, row: Row): void {
    for (const [name, map] of this.lookups) {
      for (const value of valuesOf(this.definition, name, row.record)) {
        const keys = map.get(value);
        if (keys === undefined) map.set(value, key);
        else if (keys instanceof Set) keys.add(key);
        else if (keys !== key) map.set(value, new Set([keys, key]));
      }
    }
  }

  private unindex(key: Key, row: Row): void {
    for (const [name, map] of this.lookups) {
      for (const value of valuesOf(this.definition, name, row.record)) {
        const keys = map.get(value);
        if (keys === key) map.delete(value);
        else if (keys instanceof Set) {
          keys.delete(key);
          if (keys.size === 0) map.delete(value);
        }
      }
    }
  }

  /**
   * The rows that pass the query, in its order. With `enough`, it may stop once it has that many
   * (the total is then not known).
   */
  select(query: Query, enough?: number): Row[] {
    const { scope } = query;
    // A server that holds nothing of this collection (most have no webhooks, say) is answered at once.
    if (scope !== undefined && !this.shelves.has(scope)) return [];
    const newest = (query.order ?? "newest") === "newest";
    const lookup = this.candidates(query);
    // The condition a lookup answered holds for each of its rows: only the others are tested.
    const tests = conditionsOf(this.definition, query, lookup?.name);
    const from = query.at?.from;
    const to = query.at?.to;
    const keep =
      tests.length === 0 && scope === undefined && from === undefined && to === undefined
        ? undefined
        : (row: Row) => (scope === undefined || row.scope === scope) && (from === undefined || row.at >= from) && (to === undefined || row.at <= to) && tests.every((test) => test(row.record));
    if (lookup) {
      const rows: Row[] = [];
      for (const key of lookup.keys) {
        const row = this.byKey.get(key);
        if (row && (!keep || keep(row))) rows.push(row);
      }
      if (rows.length > 1) rows.sort(byTime);
      return newest ? rows.reverse() : rows;
    }
    const only = scope !== undefined ? this.shelves.get(scope) : this.shelves.size === 1 ? this.shelves.values().next().value : undefined;
    if (only) {
      // One shelf is already in order: walk it from the wanted end, and stop early when allowed.
      const shelf = only;
      if (!shelf.sorted) sortShelf(shelf);
      const rows: Row[] = [];
      const { rows: all } = shelf;
      for (let i = newest ? all.length - 1 : shelf.head; newest ? i >= shelf.head : i < all.length; i += newest ? -1 : 1) {
        const row = all[i];
        if (row && (!keep || keep(row))) {
          rows.push(row);
          if (enough !== undefined && rows.length >= enough) break;
        }
      }
      return rows;
    }
    const rows: Row[] = [];
    for (const shelf of this.shelves.values()) for (const row of shelf.rows) if (row && (!keep || keep(row))) rows.push(row);
    rows.sort(byTime);
    return newest ? rows.reverse() : rows;
  }

  /** How many rows pass the query. */
  count(query: Query): number {
    const conditions = definedConditions(query);
    if (query.at === undefined) {
      if (conditions === 0) return query.scope !== undefined ? (this.shelves.get(query.scope)?.positions.size ?? 0) : this.byKey.size;
      // One exact condition that a lookup answers: its rows are the ones that pass.
      if (conditions === 1 && query.scope === undefined) {
        const lookup = this.candidates(query);
        if (lookup) return lookup.size;
      }
    }
    return this.select(query).length;
  }

  /** The keys a lookup index narrows the query to, when it has an exact condition on one, with the index's name. */
  private candidates(query: Query): { name: string; keys: Iterable<Key>; size: number } | undefined {
    const { where } = query;
    if (where === undefined || this.lookups.size === 0) return undefined;
    for (const name in where) {
      const condition = where[name];
      const map = this.lookups.get(name);
      if (!map || condition === undefined) continue;
      const wanted = exactValue(condition);
      if (wanted === undefined) continue;
      const keys = map.get(normalise(wanted));
      if (keys === undefined) return { name, keys: noKeys, size: 0 };
      return keys instanceof Set ? { name, keys, size: keys.size } : { name, keys: [keys], size: 1 };
    }
    return undefined;
  }
}

/** How many rows a query needs at most, when it has a limit. */
function enoughFor(query: Query): number | undefined {
  return query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit;
}

function slice(rows: Row[], query: Query): Row[] {
  return rows.slice(query.offset ?? 0, enoughFor(query));
}

function byTime(a: Row, b: Row): number {
  return a.at - b.at || a.seq - b.seq;
}

function sortShelf(shelf: Shelf): void {
  compact(shelf);
  shelf.rows.sort((a, b) => byTime(a!, b!));
  shelf.positions.clear();
  shelf.rows.forEach((row, index) => shelf.positions.set(row!.key, index));
  shelf.sorted = true;
}

function compact(shelf: Shelf): void {
  if (shelf.holes === 0) return;
  const rows = shelf.rows.filter((row): row is Row => row !== undefined);
  shelf.rows = rows;
  shelf.positions.clear();
  rows.forEach((row, index) => shelf.positions.set(row.key, index));
  shelf.holes = 0;
  shelf.head = 0;
}

function normalise(value: IndexValue): IndexValue {
  return typeof value === "string" ? value.toLowerCase() : value;
}

function valuesOf(definition: AnyDefinition, name: string, record: unknown): IndexValue[] {
  const read = definition.indexes[name];
  if (!read) throw new Error(`No index ${name} on this collection.`);
  const value = read(record);
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? (value as IndexValue[]) : [value as IndexValue]).map(normalise);
}

function exactValue(condition: Condition): IndexValue | undefined {
  if (typeof condition !== "object") return condition;
  return "eq" in condition ? condition.eq : undefined;
}

const noKeys: readonly Key[] = [];

/** How many of the query's conditions are given. */
function definedConditions(query: Query): number {
  let count = 0;
  for (const name in query.where) if (query.where[name] !== undefined) count++;
  return count;
}

/** A test per condition of the query, but the one named `answered` (a lookup answered it). */
function conditionsOf(definition: AnyDefinition, query: Query, answered?: string): ((record: unknown) => boolean)[] {
  if (query.where === undefined) return [];
  return Object.entries(query.where).flatMap(([name, condition]): ((record: unknown) => boolean)[] => {
    if (condition === undefined || name === answered) return [];
    if (typeof condition !== "object" || "eq" in condition) {
      const wanted = normalise(typeof condition === "object" ? condition.eq : condition);
      return [(record) => valuesOf(definition, name, record).includes(wanted)];
    }
    if ("contains" in condition) {
      const part = condition.contains.toLowerCase();
      return [(record) => valuesOf(definition, name, record).some((value) => String(value).includes(part))];
    }
    const all = condition.all.map(normalise);
    return [
      (record) => {
        const values = valuesOf(definition, name, record);
        return all.every((value) => values.includes(value));
      },
    ];
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function createMemoryStore(options: MemoryStoreOptions & { from?: MemorySnapshot } = {}): MemoryStore {
  const tables = new Map<CollectionName, Table>(collectionNames.map((name) => [name, new Table(collections[name] as AnyDefinition)]));
  const sequences = new Map<string, number>();
  const freeze = options.freezeRecords ? deepFreeze : <T>(value: T) => value;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const table = (name: CollectionName) => tables.get(name)!;
  function write(name: CollectionName, record: unknown, undo: (() => void)[] | undefined): void {
    const target = table(name);
    const key = target.definition.key(record);
    const previous = target.write(key, freeze(record));
    undo?.push(() => (previous ? target.restore(key, previous) : target.remove(key)));
  }
  function remove(name: CollectionName, key: Key, undo: (() => void)[]): boolean {
    const target = table(name);
    const previous = target.remove(key);
    if (previous) undo.push(() => target.restore(key, previous));
    return previous !== undefined;
  }

  if (options.from) {
    for (const [name, value] of Object.entries(options.from.sequences)) sequences.set(name, value);
    for (const [name, records] of Object.entries(options.from.collections)) {
      if (!tables.has(name as CollectionName)) throw new Error(`The snapshot holds an unknown collection ${name}.`);
      for (const record of records ?? []) write(name as CollectionName, record, undefined);
    }
  }

  /** One collection as a unit of work sees it: its writes go to the unit's undo log. */
  class MemoryCollection implements Collection<unknown> {
    private readonly target: Table;
    constructor(
      private readonly name: CollectionName,
      private readonly undo: (() => void)[],
    ) {
      this.target = table(name);
    }
    async get(key: Key) {
      return this.target.byKey.get(key)?.record;
    }
    async put(record: unknown) {
      write(this.name, record, this.undo);
    }
    async delete(key: Key) {
      return remove(this.name, key, this.undo);
    }
    async find(query: Query = {}) {
      return slice(this.target.select(query, enoughFor(query)), query).map((row) => row.record);
    }
    async keys(query: Query = {}) {
      return slice(this.target.select(query, enoughFor(query)), query).map((row) => row.key);
    }
    async page(query: Query): Promise<Page<unknown>> {
      const rows = this.target.select(query);
      return { total: rows.length, items: slice(rows, query).map((row) => row.record) };
    }
    async count(query: Query = {}) {
      return this.target.count(query);
    }
    async deleteWhere(query: Query) {
      const rows = slice(this.target.select(query, enoughFor(query)), query);
      for (const row of rows) remove(this.name, row.key, this.undo);
      return rows.length;
    }
  }

  /**
   * A unit of work's view of the store. Its collections are made when first used: a send touches a
   * few of the many there are.
   */
  class MemoryTransaction {
    readonly undo: (() => void)[] = [];
    readonly opened = new Map<CollectionName, MemoryCollection>();
    async nextId(sequence: string) {
      const before = sequences.get(sequence);
      sequences.set(sequence, (before ?? 0) + 1);
      this.undo.push(() => (before === undefined ? sequences.delete(sequence) : sequences.set(sequence, before)));
      return (before ?? 0) + 1;
    }
  }
  for (const name of collectionNames) {
    Object.defineProperty(MemoryTransaction.prototype, name, {
      get(this: MemoryTransaction) {
        let opened = this.opened.get(name);
        if (!opened) this.opened.set(name, (opened = new MemoryCollection(name, this.undo)));
        return opened;
      },
    });
  }

  async function run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    if (closed) throw new Error("The store is closed.");
    const tx = new MemoryTransaction();
    const { undo } = tx;
    try {
      const result = await work(tx as unknown as Transaction);
      if (undo.length > 0) options.onCommit?.();
      return result;
    } catch (error) {
      for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
      throw error;
    }
  }

  return {
    transaction(work) {
      const result = queue.then(() => run(work));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      closed = true;
      await queue;
    },
    snapshot() {
      const snapshot: MemorySnapshot = { sequences: Object.fromEntries(sequences), collections: {} };
      for (const [name, target] of tables) {
        const rows = [...target.byKey.values()].sort((a, b) => a.seq - b.seq);
        if (rows.length > 0) snapshot.collections[name] = rows.map((row) => row.record);
      }
      return snapshot;
    },
  };
}
