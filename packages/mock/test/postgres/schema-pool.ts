// Schemas of the run's PostgreSQL laid out once and handed out again emptied. Laying a schema out
// (its tables, indexes, functions and triggers) costs the server about three times what emptying
// one does, and the store tests want a fresh, empty schema for nearly every test. An emptied
// schema is one just laid out: every table but `meta` truncated, every sequence back at its start,
// the setup generation back at 0. A schema is only handed out again once its holder gave it back,
// so tests running side by side never share one.
import pg from "pg";
import { quote } from "../../src/postgres/layout.js";

export interface SchemaPool {
  /** a schema no one holds, held once: a new name, or one given back and now emptied */
  take(): Promise<string>;
  /** holds a schema once more, as it is (to open it a second time, or again after its close) */
  hold(schema: string): void;
  /** lets go of it once; after the last holder it may be emptied and handed out again */
  give(schema: string): void;
  /** ends the pool's own connection */
  close(): Promise<void>;
}

export function createSchemaPool(url: string, prefix: string): SchemaPool {
  const free: string[] = [];
  const holders = new Map<string, number>();
  let made = 0;
  let admin: pg.Pool | undefined;

  async function empty(schema: string): Promise<void> {
    admin ??= new pg.Pool({ connectionString: url, max: 1 });
    const { rows: tables } = await admin.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'meta'", [schema]);
    const { rows: sequences } = await admin.query<{ name: string }>("SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = $1", [schema]);
    const s = quote(schema);
    // A schema whose holder failed before laying it out holds nothing to empty.
    if (tables.length === 0) return;
    const statements = [
      `TRUNCATE ${tables.map(({ name }) => `${s}.${quote(name)}`).join(", ")} RESTART IDENTITY`,
      ...sequences.map(({ name }) => `ALTER SEQUENCE ${s}.${quote(name)} RESTART`),
      `UPDATE ${s}.meta SET value = '0' WHERE key = 'setup_generation'`,
    ];
    await admin.query(statements.join("; "));
  }

  const pool: SchemaPool = {
    async take() {
      const reused = free.pop();
      const schema = reused ?? `${prefix}_${process.pid}_${++made}`;
      pool.hold(schema);
      if (reused !== undefined) await empty(reused);
      return schema;
    },
    hold(schema) {
      holders.set(schema, (holders.get(schema) ?? 0) + 1);
      const at = free.indexOf(schema);
      if (at >= 0) free.splice(at, 1);
    },
    give(schema) {
      const left = (holders.get(schema) ?? 0) - 1;
      if (left > 0) {
        holders.set(schema, left);
        return;
      }
      holders.delete(schema);
      free.push(schema);
    },
    async close() {
      await admin?.end();
      admin = undefined;
    },
  };
  return pool;
}
