// Opens `<dir>/postmark.db` with Node's built-in SQLite (`node:sqlite`, Node 22.13 and later) for
// the SQLite engine: write-ahead logging, so a write that was answered survives the process being
// killed, and readers never wait on a writer. A file that is not a database of this mock, or of a
// newer layout, is refused with a clear message and left as it is.
import { closeSync, fsync, openSync } from "node:fs";
import {
  applicationName,
  countRebuildStatements,
  layoutStatements,
  schemaVersion,
  severalValuesIndexes,
  severalValuesStatements,
  textIndexes,
  textRebuildStatements,
  valuesUpgradeStatements,
  type SqlDatabase,
} from "./sqlite-store.js";

export const databaseFileName = "postmark.db";

export class DatabaseFileError extends Error {
  override name = "DatabaseFileError";
}

interface SqliteModule {
  DatabaseSync: new (path: string, options?: { open?: boolean; readOnly?: boolean }) => SqlDatabase;
}

/** `node:sqlite`, or a clear refusal on a Node.js without it. */
export async function sqliteModule(): Promise<SqliteModule> {
  try {
    return (await import("node:" + "sqlite")) as unknown as SqliteModule;
  } catch {
    throw new DatabaseFileError(`Keeping state in a database needs Node.js 22.13 or later (node:sqlite); this is Node.js ${process.version}.`);
  }
}

/** Opens (creating it when absent) the database at `file`, checks it is ours, and lays out its tables. */
export async function openDatabaseFile(file: string): Promise<SqlDatabase> {
  const { DatabaseSync } = await sqliteModule();
  let db: SqlDatabase;
  try {
    db = new DatabaseSync(file);
  } catch (error) {
    throw new DatabaseFileError(`Cannot open the database at ${file}: ${(error as Error).message}.`);
  }
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row["name"] as string);
    if (tables.length > 0) checkOwnership(db, file, tables);
    db.exec("PRAGMA journal_mode = WAL");
    // NORMAL with WAL: a commit is written to the log before it returns, which a killed process
    // cannot undo; SQLite syncs the log and the file around checkpoints. createLogSync adds the
    // fsync that makes each answered commit survive a power cut as well, off the event loop.
    db.exec("PRAGMA synchronous = NORMAL");
    // A send touches a dozen index pages: 32 MB of page cache keeps them in memory (a bound, not
    // a need), and checkpoints every 4,000 pages (16 MB of log) rather than 1,000 copy less often.
    db.exec("PRAGMA cache_size = -32000");
    db.exec("PRAGMA wal_autocheckpoint = 4000");
    // Each unit of work is a savepoint, whose journal of changed pages then stays in memory.
    db.exec("PRAGMA temp_store = MEMORY");
    db.exec("BEGIN IMMEDIATE");
    for (const statement of layoutStatements()) db.exec(statement);
    // A database of layout 1 or 2 gets its values as terms and links once.
    for (const statement of valuesUpgradeStatements(tables)) db.exec(statement);
    const setMeta = (key: string, value: string) => db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
    /** Runs `statements` on a database whose meta `key` does not record `signature` (laid out before it), then records it. */
    const bringUpToDate = (key: string, signature: string, statements: () => string[], always = false) => {
      if (!always && db.prepare("SELECT value FROM meta WHERE key = ?").get(key)?.["value"] === signature) return;
      if (tables.length > 0) for (const statement of statements()) db.exec(statement);
      setMeta(key, signature);
    };
    // A database laid out before the counts table existed gets its counts once.
    const rebuildCounts = tables.length > 0 && !tables.includes("counts");
    if (rebuildCounts) for (const statement of countRebuildStatements()) db.exec(statement);
    // One laid out before the marks of records with several values gets its marks (and so does one whose counts were just made).
    bringUpToDate("several", severalValuesIndexes, severalValuesStatements, rebuildCounts);
    // One laid out before a text index was listed gets its texts.
    bringUpToDate("texts", textIndexes, textRebuildStatements);
    setMeta("application", applicationName);
    setMeta("schema", String(schemaVersion));
    db.exec("COMMIT");
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseFileError) throw error;
    throw new DatabaseFileError(`The file at ${file} is not a usable database (${(error as Error).message}). It was left as it is: move it away or point --data at another folder.`);
  }
}

/** Refuses a database that another program made, or a newer version of this mock. */
function checkOwnership(db: SqlDatabase, file: string, tables: string[]): void {
  const leave = "It was left as it is: move it away or point --data at another folder.";
  if (!tables.includes("meta")) throw new DatabaseFileError(`The database at ${file} was not made by this mock (it has no meta table). ${leave}`);
  const meta = new Map(db.prepare("SELECT key, value FROM meta").all().map((row) => [row["key"] as string, row["value"] as string]));
  if (meta.get("application") !== applicationName) throw new DatabaseFileError(`The database at ${file} was not made by this mock. ${leave}`);
  const version = Number(meta.get("schema"));
  if (version > schemaVersion) {
    throw new DatabaseFileError(`The database at ${file} has layout ${version}, made by a newer version of this mock; this one reads layout ${schemaVersion}. ${leave}`);
  }
}

/**
 * An fsync of the database's write-ahead log, run on libuv's thread pool so the event loop goes on
 * serving. Callers that arrive while one runs share the next one (it may have started before their
 * commit), so a burst of commits costs two fsyncs, not one each.
 */
export function createLogSync(file: string): { sync(): Promise<void>; close(): Promise<void> } {
  let fd: number | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const once = async () => {
    fd ??= openSync(`${file}-wal`, "r");
    const descriptor = fd;
    await new Promise<void>((resolve, reject) => fsync(descriptor, (error) => (error ? reject(error) : resolve())));
  };
  function sync(): Promise<void> {
    if (!running) {
      running = once().finally(() => {
        running = undefined;
      });
      return running;
    }
    next ??= running.then(
      () => {
        next = undefined;
        return sync();
      },
      () => {
        next = undefined;
        return sync();
      },
    );
    return next;
  }
  return {
    sync,
    async close() {
      await Promise.allSettled([running, next]);
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
