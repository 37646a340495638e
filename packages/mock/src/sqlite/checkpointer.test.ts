// The checkpoint thread copies the write-ahead log into the database file while the connection
// that wrote it does nothing, and its connection, closed last, leaves no log behind.
import { existsSync, statSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer.js";
import { newDatabaseFile } from "../../test/sqlite-files.js";

/** A database in WAL mode whose own connection never checkpoints, with 2,000 rows in its log. */
function writtenDatabase(): { file: string; db: DatabaseSync } {
  const file = newDatabaseFile("postmark-checkpoint-");
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA wal_autocheckpoint = 0");
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO notes (text) VALUES (?)");
  db.exec("BEGIN");
  for (let n = 0; n < 2000; n++) insert.run(`note ${n} `.repeat(20));
  db.exec("COMMIT");
  return { file, db };
}

/** A written database whose thread has been told of a commit, once the copy shows in the file. */
async function checkpointedOnce() {
  const { file, db } = writtenDatabase();
  const before = statSync(file).size;
  const checkpointer = startCheckpointer(file, { delayMs: 0 });
  checkpointer.committed();
  // Polled until the copy shows (the test's own timeout bounds it), never timed.
  while (statSync(file).size <= before) await sleep(10);
  return { file, db, checkpointer };
}

describe("the checkpoint thread", () => {
  it("copies the log into the database file after a commit", async () => {
    const { file, db, checkpointer } = await checkpointedOnce();
    expect(db.prepare("SELECT count(*) AS n FROM notes").get()?.["n"]).toBe(2000);
    await checkpointer.close();
    db.close();
  });

  it("closes its connection last, leaving the log copied and removed", async () => {
    const { file, db, checkpointer } = await checkpointedOnce();
    db.prepare("INSERT INTO notes (text) VALUES (?)").run("the last note");
    // The thread's connection is still open: the writer's close leaves the log to it.
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(true);
    await checkpointer.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = new DatabaseSync(file);
    expect(reopened.prepare("SELECT count(*) AS n FROM notes").get()?.["n"]).toBe(2001);
    reopened.close();
  });
});
