// A new database file for a test: in a folder of its own under the system's temporary folder.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseFileName } from "../src/sqlite/sqlite-file.js";

/** The path of a database file not made yet, in a new, empty folder. */
export const newDatabaseFile = (prefix = "postmark-sqlite-"): string => join(mkdtempSync(join(tmpdir(), prefix)), databaseFileName);
