// One local Postmark per `--data` folder. A second process on the same folder would answer from
// its own memory of the setup (a server by its token, its streams and webhooks) while the first
// changes it, and both would trim and sweep the same messages: it is refused at start instead.
// The lock is `<dir>/postmark.lock`, a SQLite database held in an exclusive transaction for as long
// as the store is open. The operating system lets go of it when the process ends, however it ends
// (`kill -9` included), so a crash never leaves a stale lock behind.
import { join } from "node:path";
import { DatabaseFileError, sqliteModule } from "./sqlite-file.js";
import { sqliteResultCode } from "./sqlite-store.js";

export const lockFileName = "postmark.lock";

/** SQLite's SQLITE_BUSY: another connection holds the lock. */
const busy = 5;

export interface FolderLock {
  release(): void;
}

/** Takes the folder's lock, or refuses when another local Postmark (in this process or another) holds it. */
export async function lockDataFolder(dir: string): Promise<FolderLock> {
  const { DatabaseSync } = await sqliteModule();
  const file = join(dir, lockFileName);
  let db;
  try {
    db = new DatabaseSync(file);
    db.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    db?.close();
    if (sqliteResultCode(error) === busy) {
      throw new DatabaseFileError(
        `Another local Postmark is using the --data folder ${dir} (it holds ${file}). Stop it, or point --data at another folder; mocks that share their state use --database with PostgreSQL.`,
      );
    }
    throw new DatabaseFileError(`Cannot lock the --data folder ${dir} through ${file}: ${(error as Error).message}.`);
  }
  const held = db;
  let released = false;
  return {
    // Closing the connection ends its transaction, and with it the lock.
    release() {
      if (released) return;
      released = true;
      held.close();
    },
  };
}
