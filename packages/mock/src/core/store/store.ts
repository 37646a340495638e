// The storage API: what the core asks of wherever the local Postmark keeps its state. It is
// asynchronous, so an engine may sit behind a network (PostgreSQL) as well as in memory or in a
// local database file. The core is its only user.
//
// State is a set of collections of records (servers, sent messages, bounces, …), declared once in
// collections.ts with their key, the server each record belongs to, its time and the indexes the
// core searches by. An engine stores and finds records; the rules of Postmark stay in the core.
import type { CollectionName, RecordOf, IndexOf } from "./collections.js";

/** A value an index holds for a record. Strings are compared without regard to case. */
export type IndexValue = string | number | boolean;

/**
 * What an index must hold for a record to match:
 * - a value, or `{ eq }`: one of the record's values for that index equals it;
 * - `{ contains }`: one of its values contains the text (strings, without regard to case);
 * - `{ all }`: every value given is among its values (e.g. metadata pairs).
 */
export type Condition = IndexValue | { eq: IndexValue } | { contains: string } | { all: readonly IndexValue[] };

export interface Query<Index extends string = string> {
  /** only the records of this server */
  scope?: number;
  /** conditions on indexes, all of which must hold */
  where?: { readonly [Name in Index]?: Condition };
  /** only records whose time is within these bounds (milliseconds, both inclusive) */
  at?: { from?: number | undefined; to?: number | undefined };
  /** "newest" (default) or "oldest" first; records of the same time in the order they were first stored */
  order?: "newest" | "oldest";
  /** at most this many records (after `offset`) */
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  /** how many records match, before `offset` and `limit` */
  total: number;
  items: T[];
}

/** One kind of record. Records handed out are shared: never change one, put a changed copy. */
export interface Collection<T, Index extends string = string> {
  get(key: string | number): Promise<T | undefined>;
  /** stores a record, replacing the one with the same key (which keeps its place in the order) */
  put(record: T): Promise<void>;
  /** forgets the record with this key; false when there was none */
  delete(key: string | number): Promise<boolean>;
  find(query?: Query<Index>): Promise<T[]>;
  /** the keys of the records `find` would give, in its order, without reading the records */
  keys(query?: Query<Index>): Promise<(string | number)[]>;
  /** the records that match, with the count of all that match before `offset` and `limit` */
  page(query: Query<Index>): Promise<Page<T>>;
  count(query?: Query<Index>): Promise<number>;
  /** forgets every record that matches (`limit`, `offset` and `order` apply); returns how many */
  deleteWhere(query: Query<Index>): Promise<number>;
}

export type Collections = { readonly [Name in CollectionName]: Collection<RecordOf<Name>, IndexOf<Name>> };

/** Everything a unit of work sees: the collections, and sequences for IDs. */
export interface Transaction extends Collections {
  /** the next number of a sequence (server, bounce, template, …), never handed out twice */
  nextId(sequence: string): Promise<number>;
  /**
   * Engines shared by several processes: keeps a job (a webhook post) for whichever process
   * takes it from the store's queue, once the unit is kept. Absent elsewhere: work for later stays
   * in memory.
   */
  enqueue?(job: unknown, dueAt: number): Promise<void>;
  /** Engines shared by several processes: tells the others of a change once the unit is kept (see `Store.listen`). */
  announce?(notice: unknown): Promise<void>;
}

/** What a unit of work tells the engine beforehand. */
export interface UnitOptions {
  /**
   * "read": the unit means to read (it may still write). An engine shared by several processes
   * may then run it without making other units wait, and, should it write, undo it and run it
   * again as a writing unit. Engines in one process may ignore it.
   */
  intent?: "read" | "write";
}

export interface Store {
  /**
   * Runs `work` as one unit: no other unit's writes show up in the middle of it, and its writes
   * are kept all together (committed, and durable where the engine is) before this resolves, or,
   * when `work` throws, none of them is kept. An engine may undo a unit and run `work` again from
   * the start, so `work` has no effect outside the transaction.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>, options?: UnitOptions): Promise<T>;
  /** releases what the engine holds (files, connections); the store is unusable afterwards */
  close(): Promise<void>;
  /**
   * Engines shared by several processes: calls the listener with what other processes announced
   * (`Transaction.announce`), as their units are kept, until the returned function is called.
   */
  listen?(listener: (notice: unknown) => void): () => void;
}

/**
 * Thrown by an engine that could not keep a unit of work (a full disk, a database it can no longer
 * write, a lost connection). Nothing of the unit is kept; the request that asked for it is answered
 * with a 500 that carries this message, and the store goes on serving what it holds.
 */
export class StoreFailure extends Error {
  override name = "StoreFailure";
}
