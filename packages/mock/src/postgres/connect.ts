// Opens the PostgreSQL database of `--database postgres://…`: checks the URL and the schema name,
// connects once (a database that cannot be reached stops start-up with a clear message, never a
// retry loop), and lays the schema out or brings it up to date. The `pg` driver is loaded only here,
// so the mock runs without it unless a database is asked for.
import type { Client, Pool, PoolClient } from "pg";
import { applicationName, migrations, quote } from "./layout.js";
import { redactedUrl } from "./errors.js";

export class DatabaseError extends Error {
  override name = "DatabaseError";
}

/** The schema the local Postmark uses unless `--database-schema` names another. */
export const defaultSchema = "postmark_mock";

/** The pg release the mock is tested with. */
export const pgVersion = "8.23.1";

export interface DatabaseOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** the schema holding this local Postmark's tables (default "postmark_mock") */
  schema?: string;
  /** connections kept open (default 32: one per send in flight, as a load generator or a busy SMTP listener keeps them) */
  poolSize?: number;
  /** how long connecting may take, in milliseconds (default 5,000) */
  connectTimeoutMs?: number;
}

export interface Database {
  pool: Pool;
  schema: string;
  /** where it is, without user or password */
  describe: string;
  /** a connection of its own, outside the pool, for LISTEN (a pooled one would be taken back) */
  connectListener(): Promise<Client>;
}

const schemaPattern = /^[A-Za-z_][A-Za-z0-9_]{0,47}$/;

export function checkSchemaName(schema: string): string {
  if (!schemaPattern.test(schema)) throw new DatabaseError(`Invalid --database-schema "${schema}": use letters, digits and _ (up to 48, not starting with a digit).`);
  return schema;
}

export function checkDatabaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseError("Invalid --database URL: write it as postgres://user:password@host:5432/database.");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new DatabaseError(`Invalid --database URL: it starts with ${parsed.protocol}//; the local Postmark takes postgres://user:password@host:5432/database.`);
  }
}

/** Takes secrets out of a driver's message: the URL's password and user, should it repeat them. */
function scrub(text: string, url: string): string {
  let clean = text;
  try {
    const { username, password } = new URL(url);
    for (const secret of [password, decodeURIComponent(password), username, decodeURIComponent(username)]) if (secret.length >= 3) clean = clean.split(secret).join("***");
  } catch {
    // an unparsable URL was refused before
  }
  return clean.split(url).join(redactedUrl(url));
}

async function loadPg(): Promise<typeof import("pg")> {
  try {
    const loaded = (await import("pg")) as typeof import("pg") & { default?: typeof import("pg") };
    return loaded.default ?? loaded;
  } catch {
    throw new DatabaseError(`--database needs the pg package, which is not installed: npm install pg@${pgVersion}`);
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  checkDatabaseUrl(options.url);
  const schema = checkSchemaName(options.schema ?? defaultSchema);
  const describe = redactedUrl(options.url);
  const pg = await loadPg();
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 32,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    application_name: "postmark-mock",
  });
  // An idle connection the database dropped (a restart) is replaced on the next use; the error
  // itself must not stop the process.
  pool.on("error", () => {});
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = error instanceof Error ? scrub(error.message || String((error as { code?: string }).code ?? "no answer"), options.url) : String(error);
    throw new DatabaseError(`Cannot reach the PostgreSQL database at ${describe}: ${reason}. Check --database (or POSTMARK_MOCK_DATABASE_URL) and that the database is up.`);
  }
  try {
    await migrate(client, schema);
  } catch (error) {
    client.release(true);
    await pool.end().catch(() => {});
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError(`Cannot lay out the schema ${schema} in ${describe}: ${scrub((error as Error).message, options.url)}.`);
  }
  client.release();
  const connectListener = async () => {
    const listener = new pg.Client({ connectionString: options.url, application_name: "postmark-mock listener" });
    listener.on("error", () => {});
    await listener.connect();
    return listener;
  };
  return { pool, schema, describe, connectListener };
}

/** The key of the lock migrations take: one for the whole database, as extensions are. */
const migrationLock = [0x504d, 0x6d69] as const;

/** Lays out the schema, or brings it up to date; idempotent, one replica at a time. */
export async function migrate(client: PoolClient, schema: string): Promise<void> {
  const s = quote(schema);
  await client.query("SELECT pg_advisory_lock($1, $2)", [...migrationLock]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    const { rows: tables } = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema]);
    let version = 0;
    if (tables.length > 0) {
      const leave = `It was left as it is: use another --database-schema.`;
      if (!tables.some((row: { table_name: string }) => row.table_name === "meta")) throw new DatabaseError(`The schema ${schema} holds tables of another program (it has no meta table). ${leave}`);
      const { rows } = await client.query(`SELECT key, value FROM ${s}.meta`);
      const meta = new Map(rows.map((row: { key: string; value: string }) => [row.key, row.value]));
      if (meta.get("application") !== applicationName) throw new DatabaseError(`The schema ${schema} was not made by this mock. ${leave}`);
      version = Number(meta.get("schema") ?? 0);
    }
    const trigramOps = await trigramOperators(client);
    const steps = migrations(schema, trigramOps);
    if (version > steps.length) throw new DatabaseError(`The schema ${schema} has layout ${version}, made by a newer version of this mock; this one reads layout ${steps.length}.`);
    for (let step = version; step < steps.length; step++) {
      await client.query("BEGIN");
      try {
        for (const statement of steps[step]!) await client.query(statement);
        await client.query(`INSERT INTO ${s}.meta (key, value) VALUES ('application', $1) ON CONFLICT (key) DO NOTHING`, [applicationName]);
        await client.query(`INSERT INTO ${s}.meta (key, value) VALUES ('schema', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [String(step + 1)]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1, $2)", [...migrationLock]).catch(() => {});
  }
}

/** pg_trgm's GIN operator class, made available when the database allows it; undefined otherwise. */
async function trigramOperators(client: PoolClient): Promise<string | undefined> {
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
  } catch {
    // Not shipped with this server, or not ours to make: searches by a part read every row instead.
  }
  const { rows } = await client.query("SELECT extnamespace::regnamespace::text AS namespace FROM pg_extension WHERE extname = 'pg_trgm'");
  const namespace = (rows[0] as { namespace?: string } | undefined)?.namespace;
  return namespace ? `${namespace}.gin_trgm_ops` : undefined;
}
