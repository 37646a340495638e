// The SQLite benchmark's large database, built once and kept under bench/.out/sqlite/: one folder
// per layout of the store (its version and a digest of its schema, src/sqlite-layout.ts), one per
// size inside it. A second run with the same layout and size reuses the database; a layout change
// builds a new one and drops those of other layouts (each can take gigabytes). The build runs in a
// child process (src/sqlite-fill.ts) into a `.partial` folder, renamed only once it is complete, so
// an interrupted build is never reused.
import { fork } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { outDir, src } from "./paths.js";
import { runWorker } from "./processes.js";
import type { SqliteFillMessage } from "./sqlite-fill.js";
import type { SqliteLayout } from "./sqlite-layout.js";

export interface BenchDatabase {
  /** the `--data` folder */
  folder: string;
  messages: number;
  bodyBytes: number;
  layout: SqliteLayout;
  /** how long the build took, when it was built */
  fillMs: number;
  builtAt: string;
  /** the database file's size */
  bytes: number;
  /** whether this run found it built */
  reused: boolean;
}

const manifestName = "built.json";
/** What the disk must have free before a build, per message (a message of 1 kB takes about 6 kB stored; twice that leaves room). */
const bytesPerMessageFree = 12 * 1024;

/** The layout this build of the mock writes, from a database it lays out in a throwaway folder. */
async function currentLayout(): Promise<SqliteLayout> {
  const probe = mkdtempSync(join(tmpdir(), "bench-sqlite-layout-"));
  try {
    return await runWorker<SqliteLayout>(src("sqlite-layout.js"), [probe]);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** The database of `messages` messages for this layout: found in the cache, or built now. */
export async function benchDatabase(messages: number, bodyBytes: number, log: (line: string) => void): Promise<BenchDatabase> {
  const layout = await currentLayout();
  const root = join(outDir, "sqlite");
  const layoutName = `layout-${layout.version}-${layout.digest}`;
  const folder = join(root, layoutName, `${messages}-messages-${bodyBytes}-bytes`);
  const manifest = join(folder, manifestName);
  if (existsSync(manifest)) {
    const built = JSON.parse(readFileSync(manifest, "utf8")) as Omit<BenchDatabase, "folder" | "reused" | "bytes">;
    log(`sqlite: reusing ${folder} (built ${built.builtAt})`);
    return { ...built, folder, bytes: statSync(join(folder, "postmark.db")).size, reused: true };
  }
  mkdirSync(root, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (entry === layoutName) continue;
    log(`sqlite: dropping ${join(root, entry)}, of another layout`);
    rmSync(join(root, entry), { recursive: true, force: true });
  }
  const partial = `${folder}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const { bavail, bsize } = statfsSync(partial);
  if (bavail * bsize < messages * bytesPerMessageFree) {
    throw new Error(`Building ${messages.toLocaleString("en-US")} messages needs about ${((messages * bytesPerMessageFree) / 1024 ** 3).toFixed(1)} GB free under ${root}; ${((bavail * bsize) / 1024 ** 3).toFixed(1)} GB are.`);
  }
  log(`sqlite: building ${messages.toLocaleString("en-US")} messages in ${partial} (layout ${layout.version}, ${layout.digest})`);
  const { fillMs } = await fill(partial, messages, bodyBytes, log);
  const built = { messages, bodyBytes, layout, fillMs, builtAt: new Date().toISOString() };
  writeFileSync(join(partial, manifestName), `${JSON.stringify(built, null, 2)}\n`);
  renameSync(partial, folder);
  return { ...built, folder, bytes: statSync(join(folder, "postmark.db")).size, reused: false };
}

function fill(folder: string, messages: number, bodyBytes: number, log: (line: string) => void): Promise<{ fillMs: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(src("sqlite-fill.js"), [folder, String(messages), String(bodyBytes)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const started = Date.now();
    let result: { stored: number; fillMs: number } | undefined;
    child.on("message", (message: SqliteFillMessage) => {
      if ("progress" in message) {
        const seconds = (Date.now() - started) / 1000;
        log(`sqlite: stored ${message.progress.toLocaleString("en-US")} of ${messages.toLocaleString("en-US")} in ${seconds.toFixed(0)} s`);
      } else result = message;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code !== 0 || !result) return reject(new Error(`sqlite-fill.js exited with ${signal ?? code}${result ? "" : " and no result"}`));
      if (result.stored !== messages) return reject(new Error(`the built database holds ${result.stored} messages, not ${messages}`));
      resolve(result);
    });
  });
}

/** Forgets a cached database that no longer holds what it was built with, so that the next run builds it again. */
export function discard(database: BenchDatabase): void {
  rmSync(join(database.folder, manifestName), { force: true });
}
