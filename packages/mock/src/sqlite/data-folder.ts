// `--data <dir>`: the emulator's state in `<dir>/postmark.db`, a SQLite database of this mock.
// Before anything is served, the folder must be writable and the database ours; a `state.json` of
// the releases that kept state as one JSON file is imported once and then kept as
// `state.json.imported`. Every refusal leaves the files as they were and says what to do.
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Store } from "../core/store/store.js";
import { readStateFile, stateFileName } from "../http/persist.js";
import { startCheckpointer } from "./checkpointer.js";
import { lockDataFolder } from "./folder-lock.js";
import { createLogSync, databaseFileName, DatabaseFileError, openDatabaseFile } from "./sqlite-file.js";
import { createSqliteStore, type SqlDatabase } from "./sqlite-store.js";

/** What a state file is renamed to once its content is in the database. */
export const importedStateFileName = `${stateFileName}.imported`;

/** Pages of write-ahead log past which the event loop's connection checkpoints by itself. */
const checkpointBound = 16_000;

export interface DataFolderOptions {
  /** given the database once it is open (tests set SQLite limits on it) */
  onOpen?: (db: SqlDatabase) => void;
}

/** Opens the store kept in `dir`, creating the folder and the database when absent. */
export async function openDataFolder(dir: string, options: DataFolderOptions = {}): Promise<Store> {
  checkWritable(dir);
  // Taken before the database is opened: a folder in use is left to the process using it.
  const lock = await lockDataFolder(dir);
  const file = join(dir, databaseFileName);
  let db: SqlDatabase;
  try {
    db = await openDatabaseFile(file);
  } catch (error) {
    lock.release();
    throw error;
  }
  const log = createLogSync(file);
  // Checkpoints run on a thread of their own; the event loop's connection checkpoints by itself
  // only past this bound (64 MB of log), which a long burst of writes can reach.
  const checkpointer = startCheckpointer(file);
  db.exec(`PRAGMA wal_autocheckpoint = ${checkpointBound}`);
  const store = createSqliteStore(db, { durable: log.sync, later: setImmediate, onCommit: checkpointer.committed });
  const close = async () => {
    await store.close();
    // The thread's connection closes last, and so leaves the log copied into the file.
    await checkpointer.close();
    await log.close();
    lock.release();
  };
  try {
    await importStateFile(dir, store);
  } catch (error) {
    await close();
    throw error;
  }
  options.onOpen?.(db);
  return { ...store, close };
}

/** Refuses a folder (or a database file in it) that this process cannot write, before anything starts. */
function checkWritable(dir: string): void {
  const leave = "Give this user write access to it or point --data at another folder.";
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new DatabaseFileError(`The --data path ${dir} is a file, not a folder: point --data at a folder.`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new DatabaseFileError(`Cannot create the --data folder ${dir}: ${(error as Error).message}. ${leave}`);
  }
  // A probe file, because access() says yes to root on a read-only mount and SQLite also needs to
  // create its log and shared-memory files beside the database.
  const probe = join(dir, `.postmark-write-check-${process.pid}`);
  try {
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (error) {
    throw new DatabaseFileError(`The --data folder ${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). ${leave}`);
  }
  for (const name of [databaseFileName, `${databaseFileName}-wal`, `${databaseFileName}-shm`]) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    if (statSync(file).isDirectory()) throw new DatabaseFileError(`${file} is a folder, not a database file. It was left as it is: move it away or point --data at another folder.`);
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new DatabaseFileError(`The database file ${file} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). ${leave}`);
    }
  }
}

/** Imports `<dir>/state.json` once, then renames it so it is never imported again. */
async function importStateFile(dir: string, store: ReturnType<typeof createSqliteStore>): Promise<void> {
  const file = join(dir, stateFileName);
  if (!existsSync(file)) return;
  // The import and its mark (the file's size and time) are one commit: a crash before the rename
  // leaves the file to rename, not to import again.
  const { size, mtimeMs } = statSync(file);
  const mark = `${stateFileName} ${size} ${mtimeMs}`;
  if (!(await store.wasImported(mark))) {
    const snapshot = readStateFile(dir);
    if (snapshot) await store.importSnapshot(snapshot, mark);
  }
  let target = join(dir, importedStateFileName);
  if (existsSync(target)) target = join(dir, `${importedStateFileName}-${Date.now()}`);
  renameSync(file, target);
}
