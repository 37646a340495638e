// Copies the write-ahead log back into the database file (a checkpoint) on a thread of its own, so
// that a commit on the event loop only appends to the log. A checkpoint that SQLite runs inside a
// COMMIT copies thousands of pages and syncs the file while every request waits.
// The thread has its own connection and only ever runs PASSIVE checkpoints, which take no lock a
// writer needs and never wait. (A second connection on the event loop's own thread must not do
// this: waiting under busy_timeout for a lock that the batch open on that thread holds, it would
// stop the very thread that has to release it.)
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CheckpointThreadData, CheckpointThreadMessage } from "./checkpoint-thread.js";

/**
 * The thread's module: the built file next to this one, or its TypeScript source when this module
 * runs from source (the package's own tests), which Node runs by stripping its types.
 */
function threadModule(): URL {
  const built = new URL("./checkpoint-thread.js", import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : new URL("./checkpoint-thread.ts", import.meta.url);
}

export interface Checkpointer {
  /** says that a commit added to the log: a checkpoint follows within the delay */
  committed(): void;
  /** ends the thread and closes its connection */
  close(): Promise<void>;
}

/** Starts the checkpoint thread on the database at `file` (already laid out, in WAL mode). */
export function startCheckpointer(file: string, { delayMs = 500 }: { delayMs?: number } = {}): Checkpointer {
  const worker = new Worker(threadModule(), { workerData: { file, delay: delayMs } satisfies CheckpointThreadData });
  const tell = (message: CheckpointThreadMessage) => worker.postMessage(message);
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
      if (alive) tell("commit");
    },
    async close() {
      // Held until the thread has closed its connection, which copies what is left of the log.
      worker.ref();
      if (alive) tell("close");
      await exited;
    },
  };
}
