// The PostgreSQL layout of the storage API, made from the collection definitions: one table per
// collection (its key, server, time, the record as JSON and a column per index), an array column
// with a GIN index for indexes with several values per record (and their values joined, for
// searches by a part of one), and the mock's own tables (meta,
// webhook jobs and deliveries, faults). Migrations are numbered; each runs once per schema, under
// a session advisory lock, so replicas that start together lay the schema out once.
import { collectionNames, collections, type CollectionDefinition, type CollectionName } from "../core/store/collections.js";

type AnyDefinition = CollectionDefinition<unknown, string>;

/** The name the schema carries, so that tables of another program are never mistaken for ours. */
export const applicationName = "postmark-openapi local Postmark";

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const indexColumn = (index: string) => quote(`i_${index}`);

export interface TableLayout {
  name: CollectionName;
  definition: AnyDefinition;
  /** indexes with one value per record: a text column each */
  single: string[];
  /** indexes with several values per record: a text[] column each */
  many: string[];
}

export function tableLayout(name: CollectionName): TableLayout {
  const definition = collections[name] as AnyDefinition;
  const many = new Set<string>(definition.many ?? []);
  return {
    name,
    definition,
    single: Object.keys(definition.indexes).filter((index) => !many.has(index)),
    many: [...many],
  };
}

/** The sequences IDs come from; one made on demand for any other name. */
export const knownSequences = ["id", "server", "bounce", "template", "webhook", "inboundRule", "domain", "senderSignature", "dataRemoval", "fault", "delivery"];

export const sequenceName = (name: string) => quote(`seq_${name.replace(/[^A-Za-z0-9_]/g, "_")}`);

/** What changes notify listeners on, per schema (a channel name is at most 63 bytes). */
export function channelOf(schema: string): string {
  return `postmark_${schema}`.slice(0, 63);
}

/** The statements of each migration, in order; the schema's tables are qualified with `schema`. */
/**
 * `trigramOps`: pg_trgm's operator class, qualified with its schema, when the database has the
 * extension; searches for a part of an address then use an index instead of reading every row.
 */
export function migrations(schema: string, trigramOps: string | undefined): string[][] {
  const s = quote(schema);
  const first: string[] = [
    `CREATE TABLE IF NOT EXISTS ${s}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    ...knownSequences.map((name) => `CREATE SEQUENCE IF NOT EXISTS ${s}.${sequenceName(name)}`),
  ];
  for (const name of collectionNames) {
    const { single, many, definition } = tableLayout(name);
    const table = `${s}.${quote(name)}`;
    const columns = [...single.map((index) => `${indexColumn(index)} TEXT`), ...many.map((index) => `${indexColumn(index)} TEXT[] NOT NULL DEFAULT '{}'`), ...many.map((index) => `${quote(`t_${index}`)} TEXT NOT NULL DEFAULT ''`)];
    first.push(
      `CREATE TABLE IF NOT EXISTS ${table} (row BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key TEXT NOT NULL UNIQUE, scope BIGINT, at BIGINT NOT NULL, doc TEXT NOT NULL${columns.map((text) => `, ${text}`).join("")})`,
      `CREATE INDEX IF NOT EXISTS ${quote(`${name}_scope_at`)} ON ${table} (scope, at, row)`,
      `CREATE INDEX IF NOT EXISTS ${quote(`${name}_at`)} ON ${table} (at, row)`,
    );
    for (const index of single) {
      if (definition.lookups?.includes(index)) first.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}_${index}`)} ON ${table} (${indexColumn(index)}, scope, at, row)`);
    }
    for (const index of many) {
      first.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}_${index}`)} ON ${table} USING GIN (${indexColumn(index)})`);
      if (trigramOps) first.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}_${index}_text`)} ON ${table} USING GIN (${quote(`t_${index}`)} ${trigramOps})`);
    }
  }
  // The replicas' shared work: webhook posts to make (claimed with SKIP LOCKED), the log of every
  // attempt, and the faults set through the mock API.
  first.push(
    `CREATE TABLE IF NOT EXISTS ${s}.webhook_jobs (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, due BIGINT NOT NULL, attempt INTEGER NOT NULL DEFAULT 0, job TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS webhook_jobs_due ON ${s}.webhook_jobs (due, id)`,
    `CREATE TABLE IF NOT EXISTS ${s}.webhook_deliveries (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, server_id BIGINT NOT NULL, message_id TEXT, record_type TEXT NOT NULL, entry TEXT NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${s}.faults (id BIGINT PRIMARY KEY, remaining INTEGER NOT NULL, fault TEXT NOT NULL)`,
  );
  // The one sequence every ID of the emulator is drawn from, for schemas laid out before it, and
  // the counts kept by triggers.
  const second = [`CREATE SEQUENCE IF NOT EXISTS ${s}.${sequenceName("id")}`, ...countStatements(schema)];
  // Count slots handed to connections in turn (no two of the connections open at once share one),
  // and the setup generation units read as they begin (postgres-store.ts).
  const third = [
    `CREATE SEQUENCE IF NOT EXISTS ${s}.${sequenceName("countSlot")}`,
    `INSERT INTO ${s}.meta (key, value) VALUES ('setup_generation', '0') ON CONFLICT (key) DO NOTHING`,
    ...countStatements(schema),
  ];
  // Layout 5 changes no table: a sent message's record holds the events of its send, which a
  // replica of layout 4 would not show, so such a replica must refuse the schema.
  const fifth: string[] = [];
  // Layout 6 changes no table either: a message sent through the API is kept without its raw
  // source, which is built from the record; a replica of layout 5 would show it without one.
  const sixth: string[] = [];
  return [first, second, third, postingStatements(schema, trigramOps), fifth, sixth];
}

/**
 * Indexes with several values per record that searches filter by one value, or a part of one (a
 * recipient), newest first: each also has a table of its distinct values (with a trigram index)
 * and a table of postings, one row per value and record, ordered by server and time. A search then
 * finds the matching values, reads the newest postings of each, and fetches only the records of
 * the page, however many records match in all.
 */
export const postedIndexes: Partial<Record<CollectionName, readonly string[]>> = { outbound: ["recipient"], inbound: ["recipientAddress"] };

export const valuesTable = (schema: string, name: string, index: string) => `${quote(schema)}.${quote(`${name}_${index}_values`)}`;
export const postingsTable = (schema: string, name: string, index: string) => `${quote(schema)}.${quote(`${name}_${index}_postings`)}`;

/** The values and postings tables, the trigger that keeps them, and the records laid out before them posted once. */
export function postingStatements(schema: string, trigramOps: string | undefined): string[] {
  const s = quote(schema);
  const statements: string[] = [];
  for (const [name, indexes] of Object.entries(postedIndexes) as [CollectionName, readonly string[]][]) {
    const table = `${s}.${quote(name)}`;
    for (const index of indexes) {
      const values = valuesTable(schema, name, index);
      const postings = postingsTable(schema, name, index);
      const column = indexColumn(index);
      const fn = `${s}.${quote(`${name}_${index}_post`)}`;
      const post = (row: string) =>
        `INSERT INTO ${values} (value) SELECT DISTINCT v FROM unnest(${row}.${column}) AS v WHERE NOT EXISTS (SELECT 1 FROM ${values} x WHERE x.value = v); ` +
        `INSERT INTO ${postings} (value_id, row, scope, at) SELECT x.id, ${row}.row, coalesce(${row}.scope, -1), ${row}.at FROM ${values} x WHERE x.value = ANY (${row}.${column});`;
      statements.push(
        // Not unique: units adding mail side by side never wait on each other's new value; one
        // value may then have several IDs, and a search takes the postings of them all.
        `CREATE TABLE IF NOT EXISTS ${values} (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, value TEXT NOT NULL)`,
        `CREATE INDEX IF NOT EXISTS ${quote(`${name}_${index}_values_value`)} ON ${values} (value)`,
        `CREATE TABLE IF NOT EXISTS ${postings} (value_id BIGINT NOT NULL, row BIGINT NOT NULL, scope BIGINT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (row, value_id))`,
        `CREATE INDEX IF NOT EXISTS ${quote(`${name}_${index}_postings_by_value`)} ON ${postings} (value_id, scope, at, row)`,
        `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN IF TG_OP <> 'INSERT' THEN DELETE FROM ${postings} WHERE row = OLD.row; END IF; IF TG_OP <> 'DELETE' THEN ${post("NEW")} END IF; RETURN NULL; END $body$`,
        `DROP TRIGGER IF EXISTS ${quote(`${name}_${index}_post`)} ON ${table}`,
        `CREATE TRIGGER ${quote(`${name}_${index}_post`)} AFTER INSERT OR DELETE OR UPDATE OF scope, at, ${column} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
        `INSERT INTO ${values} (value) SELECT DISTINCT v FROM ${table}, unnest(${column}) AS v WHERE NOT EXISTS (SELECT 1 FROM ${values} x WHERE x.value = v)`,
        `INSERT INTO ${postings} (value_id, row, scope, at) SELECT DISTINCT x.id, t.row, coalesce(t.scope, -1), t.at FROM ${table} t CROSS JOIN LATERAL unnest(t.${column}) AS v JOIN ${values} x ON x.value = v ON CONFLICT DO NOTHING`,
        // The values' trigram index serves searches by a part; the joined text's, costly to keep, goes.
        `DROP INDEX IF EXISTS ${s}.${quote(`${name}_${index}_text`)}`,
      );
      if (trigramOps) statements.push(`CREATE INDEX IF NOT EXISTS ${quote(`${name}_${index}_values_text`)} ON ${values} USING GIN (value ${trigramOps})`);
    }
  }
  return statements;
}

/**
 * Counters per record: a unit adds to the row of its own connection's slot, so that units adding
 * mail at once do not wait on one row. A connection takes the next slot of a sequence the first
 * time it counts, so the connections open at once (up to this many) each have a slot of their own.
 */
export const countSlots = 64;

/**
 * The counts table and the triggers that keep it: how many records each server holds of a
 * collection, and how many have each value of a counted index (a stream, a tag, a status). A
 * count, a search's total or the per-server limit then costs a few rows' sum, not a scan. Each
 * count is spread over slots (one per connection, by its process ID), summed when read.
 */
export function countStatements(schema: string): string[] {
  const s = quote(schema);
  const counts = `${s}.counts`;
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${counts} (tbl TEXT NOT NULL, scope BIGINT NOT NULL, idx TEXT NOT NULL, value TEXT NOT NULL, slot INTEGER NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (tbl, idx, value, scope, slot))`,
    `DELETE FROM ${counts}`,
  ];
  for (const name of collectionNames) {
    const { single, definition } = tableLayout(name);
    const counted = single.filter((index) => definition.counted?.includes(index));
    const table = `${s}.${quote(name)}`;
    const label = `'${name}'`;
    const add = (row: "NEW" | "OLD", delta: number) =>
      [`('', '')`, ...counted.map((index) => `('${index}', ${row}.${indexColumn(index)})`)]
        .map((pair, i) => {
          const upsert = `INSERT INTO ${counts} (tbl, scope, idx, value, slot, n) SELECT ${label}, coalesce(${row}.scope, -1), c.idx, c.value, my_slot, ${delta} FROM (VALUES ${pair}) AS c (idx, value) ON CONFLICT (tbl, idx, value, scope, slot) DO UPDATE SET n = ${counts}.n + EXCLUDED.n;`;
          return i === 0 ? upsert : `IF ${row}.${indexColumn(counted[i - 1]!)} IS NOT NULL THEN ${upsert} END IF;`;
        })
        .join(" ");
    const fn = `${s}.${quote(`${name}_count`)}`;
    statements.push(
      `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $body$ DECLARE my_slot INTEGER := coalesce(nullif(current_setting('postmark_mock.count_slot', true), '')::integer, -1); BEGIN IF my_slot < 0 THEN my_slot := nextval('${s}.${sequenceName("countSlot")}') % ${countSlots}; PERFORM set_config('postmark_mock.count_slot', my_slot::text, false); END IF; IF TG_OP <> 'INSERT' THEN ${add("OLD", -1)} END IF; IF TG_OP <> 'DELETE' THEN ${add("NEW", 1)} END IF; RETURN NULL; END $body$`,
      `DROP TRIGGER IF EXISTS ${quote(`${name}_count`)} ON ${table}`,
      `CREATE TRIGGER ${quote(`${name}_count`)} AFTER INSERT OR DELETE OR UPDATE OF ${["scope", ...counted.map(indexColumn)].join(", ")} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      // Records laid out before the counts are counted once.
      `INSERT INTO ${counts} (tbl, scope, idx, value, slot, n) SELECT ${label}, coalesce(scope, -1), '', '', 0, count(*) FROM ${table} GROUP BY coalesce(scope, -1)`,
      ...counted.map(
        (index) =>
          `INSERT INTO ${counts} (tbl, scope, idx, value, slot, n) SELECT ${label}, coalesce(scope, -1), '${index}', ${indexColumn(index)}, 0, count(*) FROM ${table} WHERE ${indexColumn(index)} IS NOT NULL GROUP BY coalesce(scope, -1), ${indexColumn(index)}`,
      ),
    );
  }
  return statements;
}
