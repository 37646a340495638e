// Copies the write-ahead log back into the database file (a checkpoint) on a thread of its own, so
// that a commit on the event loop only appends to the log. A checkpoint that SQLite runs inside a
// COMMIT copies thousands of pages and syncs the file while every request waits.
// The thread has its own connection and only ever runs PASSIVE checkpoints, which take no lock a
// writer needs and never wait. (A second connection on the event loop's own thread must not do
// this: waiting under busy_timeout for a lock that the batch open on that thread holds, it would
// stop the very thread that has to release it.)
import { Worker } from "node:worker_threads";

/** The thread's code: a checkpoint at most every `delay` ms while commits keep coming (each copies the latest version of a page once, however often it changed). */
const threadSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(workerData.file);
db.exec("PRAGMA busy_timeout = 0");
db.exec("PRAGMA synchronous = NORMAL");
let timer;
parentPort.on("message", (message) => {
  if (message === "close") {
    clearTimeout(timer);
    db.close();
    parentPort.close();
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
  }, workerData.delay);
});
`;

export interface Checkpointer {
  /** says that a commit added to the log: a checkpoint follows within the delay */
  committed(): void;
  /** ends the thread and closes its connection */
  close(): Promise<void>;
}

/** Starts the checkpoint thread on the database at `file` (already laid out, in WAL mode). */
export function startCheckpointer(file: string, { delayMs = 500 }: { delayMs?: number } = {}): Checkpointer {
  const worker = new Worker(threadSource, { eval: true, workerData: { file, delay: delayMs } });
  // The thread never keeps the process alive, and a failure of it only leaves checkpoints to the
  // event loop's connection.
  worker.unref();
  let alive = true;
  worker.on("error", () => {
    alive = false;
  });
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.once("exit", () => {
    alive = false;
  });
  return {
    committed() {
      if (alive) worker.postMessage("commit");
    },
    async close() {
      // Held until the thread has closed its connection, which copies what is left of the log.
      worker.ref();
      if (alive) worker.postMessage("close");
      await exited;
    },
  };
}
