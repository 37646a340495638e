// `--data <dir>`: state in <dir>/postmark.db survives a restart; files that are not a database of
// this mock stop start-up and are left as they were; a folder that cannot be written is refused at
// start, and so is a folder another local Postmark is using; a write the disk refuses while running
// fails that request alone.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { call } from "../../test/support.js";
import { temporaryFolder } from "../../test/temporary-folders.js";
import { startMockServer } from "../http/server.js";
import { openDataFolder } from "./data-folder.js";
import { lockFileName } from "./folder-lock.js";
import { databaseFileName, DatabaseFileError, openDatabaseFile } from "./sqlite-file.js";
import { schemaVersion, type SqlDatabase } from "./sqlite-store.js";

const headers = { "X-Postmark-Server-Token": "kept-token" };
const email = (subject: string) => ({ From: "app@example.com", To: "jane@example.org", Subject: subject, TextBody: "x".repeat(1024) });
const folder = () => temporaryFolder("postmark-data-");

describe("--data keeps state in a database", () => {
  it("keeps messages, templates and settings across a restart", async () => {
    const dir = folder();
    const first = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const sent = await call(first.url, "POST", "/email", { headers, body: email("Kept") });
    await call(first.url, "PUT", "/server", { headers, body: { Color: "red" } });
    const template = await call(first.url, "POST", "/templates", { headers, body: { Name: "Welcome", Alias: "welcome", Subject: "Hi", TextBody: "Hello" } });
    await first.close();
    const second = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const details = await call(second.url, "GET", `/messages/outbound/${sent.json.MessageID}/details`, { headers });
    const server = await call(second.url, "GET", "/server", { headers });
    const kept = await call(second.url, "GET", `/templates/${template.json.TemplateId}`, { headers });
    await second.close();
    expect(details.json).toMatchObject({ Subject: "Kept", MessageEvents: [{ Type: "Delivered" }] });
    expect(server.json.Color).toBe("red");
    expect(kept.json.Alias).toBe("welcome");
  });
});

/**
 * Lays a database of this layout out again as layout 2 had it: one row per record and value in a
 * `__values` table, with a trigram index of those rows.
 */
function asLayoutTwo(db: SqlDatabase): void {
  const collections = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_\\_terms' ESCAPE '\\'").all().map((row) => String(row["name"]).slice(0, -"__terms".length));
  for (const name of collections) {
    db.exec(`CREATE TABLE "${name}__values" (row INTEGER NOT NULL, name TEXT NOT NULL, value ANY NOT NULL)`);
    db.exec(`INSERT INTO "${name}__values" (row, name, value) SELECT l.row, t.name, t.value FROM "${name}__links" l JOIN "${name}__terms" t ON t.id = l.term`);
    db.exec(`CREATE VIRTUAL TABLE "${name}__text" USING fts5(name UNINDEXED, value, tokenize = 'trigram')`);
    db.exec(`INSERT INTO "${name}__text" (rowid, name, value) SELECT rowid, name, value FROM "${name}__values"`);
    for (const table of ["links", "terms", "words"]) db.exec(`DROP TABLE "${name}__${table}"`);
  }
  db.exec("UPDATE meta SET value = '2' WHERE key = 'schema'");
}

/** Layout 1: no subjects in the text index, triggers that fed it, and no record of the text indexes. */
function asLayoutOne(db: SqlDatabase): void {
  asLayoutTwo(db);
  db.exec(`DELETE FROM "outbound__text" WHERE rowid IN (SELECT rowid FROM "outbound__values" WHERE name = 'subject')`);
  db.exec(`DELETE FROM "outbound__values" WHERE name = 'subject'`);
  db.exec(`CREATE TRIGGER "outbound__text_insert" AFTER INSERT ON "outbound__values" BEGIN SELECT 1; END`);
  db.exec("DELETE FROM meta WHERE key = 'texts'");
  db.exec("UPDATE meta SET value = '1' WHERE key = 'schema'");
}

describe("a database of an earlier layout", () => {
  it.each([
    ["1", asLayoutOne],
    ["2", asLayoutTwo],
  ])("of layout %s is brought up to this layout at start: its values become terms and links, searches find them, the old tables go", async (_layout, layOut) => {
    const dir = folder();
    const first = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const sent = await call(first.url, "POST", "/email", { headers, body: { ...email("Quarterly report"), Cc: "Sam <sam@example.net>", Metadata: { order: "42" } } });
    await call(first.url, "POST", "/email", { headers, body: email("Another subject") });
    await first.close();
    const old = await openDatabaseFile(join(dir, databaseFileName));
    layOut(old);
    old.close();

    const second = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const search = async (query: Record<string, string>) => {
      const found = await call(second.url, "GET", "/messages/outbound", { headers, query: { count: 10, offset: 0, ...query } });
      return { total: found.json.TotalCount, ids: found.json.Messages.map((message: { MessageID: string }) => message.MessageID) };
    };
    const searches = [await search({ subject: "arterly rep" }), await search({ recipient: "sam@example" }), await search({ "metadata_order": "42" })];
    const everything = await search({});
    // a send after the upgrade, to a recipient the database held before it
    const later = await call(second.url, "POST", "/email", { headers, body: { ...email("Quarterly report, again"), Cc: "sam@example.net" } });
    const afterwards = await search({ recipient: "sam@example.net" });
    await second.close();
    for (const found of searches) expect(found).toEqual({ total: 1, ids: [sent.json.MessageID] });
    expect(everything.total).toBe(2);
    expect(afterwards).toEqual({ total: 2, ids: [later.json.MessageID, sent.json.MessageID] });
    const upgraded = await openDatabaseFile(join(dir, databaseFileName));
    const schema = upgraded.prepare("SELECT value FROM meta WHERE key = 'schema'").get()?.["value"];
    const leftovers = upgraded.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%\\_\\_values%' ESCAPE '\\' OR name LIKE '%\\_\\_text%' ESCAPE '\\'").all();
    upgraded.close();
    expect(schema).toBe(String(schemaVersion));
    expect(leftovers).toEqual([]);
  });
});

/** A SQLite file another program made. */
async function foreignDatabase(file: string): Promise<void> {
  const { DatabaseSync } = (await import("node:" + "sqlite")) as unknown as { DatabaseSync: new (path: string) => SqlDatabase };
  const db = new DatabaseSync(file);
  db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)");
  db.close();
}

/** A database of this mock, as a newer release would have laid it out. */
async function newerDatabase(file: string): Promise<void> {
  const db = await openDatabaseFile(file);
  db.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").run(String(schemaVersion + 1));
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.exec("PRAGMA journal_mode = DELETE");
  db.close();
}

describe("files that are not a database of this mock", () => {
  it.each([
    ["a corrupt file", async (file: string) => writeFileSync(file, Buffer.from("SQLite format 3\0" + "garbage".repeat(200))), "is not a usable database"],
    ["a text file", async (file: string) => writeFileSync(file, "hello, world\n".repeat(100)), "is not a usable database"],
    ["another program's database", foreignDatabase, "was not made by this mock"],
    ["a database of a newer release", newerDatabase, `made by a newer version of this mock; this one reads layout ${schemaVersion}`],
  ])("refuses %s with a clear message and leaves it as it was", async (_name, make, message) => {
    const dir = folder();
    const file = join(dir, databaseFileName);
    await make(file);
    const before = readFileSync(file);
    const failure = await startMockServer({ port: 0, quiet: true, dataDir: dir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DatabaseFileError);
    expect((failure as Error).message).toContain(message);
    expect((failure as Error).message).toContain("It was left as it is");
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe("paths that are not a data folder", () => {
  it.each([
    ["a --data path that is a file", (dir: string) => {
      const file = join(dir, "notes.txt");
      writeFileSync(file, "not a folder");
      return file;
    }, "is a file, not a folder"],
    ["a postmark.db that is a folder", (dir: string) => {
      mkdirSync(join(dir, databaseFileName));
      return dir;
    }, "is a folder, not a database file"],
  ])("refuses %s, saying so", async (_name, make, message) => {
    const dataDir = make(folder());
    const failure = await startMockServer({ port: 0, quiet: true, dataDir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseFileError);
    expect((failure as Error).message).toContain(message);
  });
});

describe("a folder another local Postmark is using", () => {
  const inUse = "Another local Postmark is using the --data folder";

  it("is refused to a second mock in the same process, which leaves the first serving, and is free once the first closes", async () => {
    const dir = folder();
    const first = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const failure = await startMockServer({ port: 0, quiet: true, dataDir: dir }).catch((error: unknown) => error);
    const sent = await call(first.url, "POST", "/email", { headers, body: email("While refused") });
    await first.close();
    expect(failure).toBeInstanceOf(DatabaseFileError);
    expect((failure as Error).message).toContain(`${inUse} ${dir} (it holds ${join(dir, lockFileName)})`);
    expect(sent.status).toBe(200);
    const next = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const details = await call(next.url, "GET", `/messages/outbound/${sent.json.MessageID}/details`, { headers });
    await next.close();
    expect(details.status).toBe(200);
  });

  it("is refused while another process holds it, and free as soon as that process is killed with SIGKILL", async () => {
    const dir = folder();
    // A process that takes the folder's lock as a starting mock does (the built module), and waits.
    const lockModule = new URL("../../dist/src/sqlite/folder-lock.js", import.meta.url).href;
    const holder = `const { lockDataFolder } = await import(${JSON.stringify(lockModule)}); await lockDataFolder(process.argv[1]); console.log("locked"); setInterval(() => {}, 60_000);`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", holder, dir], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
        child.once("exit", (code) => reject(new Error(`The process exited with ${code} before it took the lock.`)));
      });
      const failure = await openDataFolder(dir).catch((error: unknown) => error);
      expect((failure as Error).message).toContain(inUse);
    } finally {
      child.kill("SIGKILL");
    }
    await exited;
    const store = await openDataFolder(dir);
    await store.close();
  });
});

describe("a folder that cannot be written", () => {
  // The built command, as `postmark-mock` runs it (the test task builds first). Root writes
  // anywhere, so as root the command runs as the unprivileged user `nobody`.
  const cli = fileURLToPath(new URL("../../dist/src/cli.js", import.meta.url));

  it("is refused at start, with the reason, before anything is served", async () => {
    const dir = folder();
    chmodSync(dir, 0o555);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(process.execPath, [cli, "--port", "0", "--data", dir], { ...asNobody, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCK_PORT: "", MOCK_MODE: "" } });
    let output = "";
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // A mock that started anyway is stopped, so the test fails instead of waiting.
      if (output.includes("listening")) child.kill("SIGKILL");
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(output).toContain(`The --data folder ${dir} cannot be written (EACCES)`);
    expect(output).not.toContain("listening");
    expect(code).toBe(2);
  });
});

describe("a write the disk refuses while running", () => {
  it("answers that request 500 with the reason, keeps serving reads, and keeps every answered write", async () => {
    const dir = folder();
    let db: SqlDatabase | undefined;
    const store = await openDataFolder(dir, { onOpen: (opened) => (db = opened) });
    const mock = await startMockServer({ port: 0, quiet: true, store });
    const kept: string[] = [];
    for (let i = 0; i < 5; i++) kept.push((await call(mock.url, "POST", "/email", { headers, body: email(`Before ${i}`) })).json.MessageID as string);
    // A real limit of SQLite: the database may not grow past the pages it has now, as on a full disk.
    const pages = Number(db!.prepare("PRAGMA page_count").get()?.["page_count"]);
    db!.exec(`PRAGMA max_page_count = ${pages}`);
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 500 && !refused; i++) {
      const answer = await call(mock.url, "POST", "/email", { headers, body: email(`During ${i}`) });
      if (answer.status === 200) kept.push(answer.json.MessageID as string);
      else refused = answer;
    }
    expect(refused?.status).toBe(500);
    expect(refused?.json).toEqual({ ErrorCode: 1, Message: expect.stringContaining("the disk holding its database is full") as unknown });
    const list = await call(mock.url, "GET", "/messages/outbound", { headers, query: { count: 500, offset: 0 } });
    expect(list.status).toBe(200);
    expect(list.json.TotalCount).toBe(kept.length);
    await mock.close();

    const reopened = await startMockServer({ port: 0, quiet: true, dataDir: dir });
    const after = await call(reopened.url, "GET", "/messages/outbound", { headers, query: { count: 500, offset: 0 } });
    const more = await call(reopened.url, "POST", "/email", { headers, body: email("After") });
    await reopened.close();
    expect((after.json.Messages as { MessageID: string }[]).map((message) => message.MessageID).sort()).toEqual([...kept].sort());
    expect(more.status).toBe(200);
    const check = await openDatabaseFile(join(dir, databaseFileName));
    expect(check.prepare("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    check.close();
  });
});
