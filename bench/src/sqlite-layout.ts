// The SQLite store's layout as this build of the mock writes it, in its own process:
// `node sqlite-layout.js <empty folder>`. The mock lays out a new database in the folder (as
// `--data` does), and the process sends the parent the layout version the database records and a
// digest of every table, index and trigger it holds. The million-message database is cached under
// both, so a change of layout, bumped or not, builds it again.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { startMockServer } from "@postmark-openapi/mock";

export interface SqliteLayout {
  /** the layout version in the database's meta table */
  version: string;
  /** the first 12 hex digits of a SHA-256 of the schema's SQL */
  digest: string;
}

interface Database {
  prepare(sql: string): { all(): Record<string, unknown>[] };
  close(): void;
}

const [folder = ""] = process.argv.slice(2);
if (!folder) throw new Error("usage: sqlite-layout.js <empty folder>");
const mock = await startMockServer({ port: 0, quiet: true, dataDir: folder });
await mock.close();

// Loaded here only: the bench's other modules run on Node versions without node:sqlite.
const { DatabaseSync } = (await import("node:" + "sqlite")) as unknown as { DatabaseSync: new (path: string, options: { readOnly: boolean }) => Database };
const db = new DatabaseSync(join(folder, "postmark.db"), { readOnly: true });
try {
  const meta = new Map(db.prepare("SELECT key, value FROM meta").all().map((row) => [String(row["key"]), String(row["value"])]));
  const schema = db
    .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
    .all()
    .map((row) => `${String(row["type"])} ${String(row["name"])} ${String(row["sql"] ?? "")}`);
  // What the engine records of its indexes besides the schema (which texts it indexes) is part of the layout.
  const recorded = [...meta].filter(([key]) => key !== "application" && key !== "schema").map(([key, value]) => `${key}=${value}`);
  const digest = createHash("sha256").update([...schema, ...recorded].join("\n")).digest("hex").slice(0, 12);
  process.send?.({ version: meta.get("schema") ?? "unknown", digest } satisfies SqliteLayout, () => process.exit(0));
} finally {
  db.close();
}
