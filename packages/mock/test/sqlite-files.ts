// A new database file for a test: in a folder of its own, removed after the test file.
import { join } from "node:path";
import { databaseFileName } from "../src/sqlite/sqlite-file.js";
import { temporaryFolder } from "./temporary-folders.js";

/** The path of a database file not made yet, in a new, empty folder. */
export const newDatabaseFile = (prefix = "postmark-sqlite-"): string => join(temporaryFolder(prefix), databaseFileName);
