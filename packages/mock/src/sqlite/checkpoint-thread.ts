// The checkpoint thread's own code (started by checkpointer.ts): a PASSIVE checkpoint at most every
// `delay` ms while commits keep coming. Each checkpoint copies the latest version of a page once,
// however often it changed since the last one.
import { DatabaseSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

export interface CheckpointThreadData {
  /** the database file, already laid out in WAL mode */
  file: string;
  /** how long after a commit the checkpoint runs, in ms */
  delay: number;
}

/** What the thread is told: a commit added to the log, or it is time to close. */
export type CheckpointThreadMessage = "commit" | "close";

const port = parentPort;
if (!port) throw new Error("checkpoint-thread runs only as a worker thread, started by startCheckpointer.");
const { file, delay } = workerData as CheckpointThreadData;
const db = new DatabaseSync(file);
db.exec("PRAGMA busy_timeout = 0");
db.exec("PRAGMA synchronous = NORMAL");
let timer: ReturnType<typeof setTimeout> | undefined;

port.on("message", (message: CheckpointThreadMessage) => {
  if (message === "close") {
    clearTimeout(timer);
    // Closing the last connection copies what is left of the log and removes it.
    db.close();
    port.close();
    return;
  }
  timer ??= setTimeout(() => {
    timer = undefined;
    try {
      db.exec("PRAGMA wal_checkpoint(PASSIVE)");
    } catch {
      // A checkpoint that cannot run now (a full disk, a lock) is tried at the next commit; the
      // connection on the event loop still checkpoints by itself past its bound.
    }
  }, delay);
});
