// The SQLite engine passes the storage API's conformance suite, on a database file it opens again.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreConformance } from "../../test/store-conformance.js";
import { openDatabaseFile } from "./sqlite-file.js";
import { createSqliteStore } from "./sqlite-store.js";

const files = new WeakMap<object, string>();

describeStoreConformance("SQLite", {
  async open() {
    const file = join(mkdtempSync(join(tmpdir(), "postmark-sqlite-")), "postmark.db");
    const store = createSqliteStore(await openDatabaseFile(file));
    files.set(store, file);
    return store;
  },
  async reopen(store) {
    const file = files.get(store)!;
    const reopened = createSqliteStore(await openDatabaseFile(file));
    files.set(reopened, file);
    return reopened;
  },
});
