// New folders under the system's temporary folder for a test's files (data folders, databases,
// page files), removed with everything in them once the test file that made them ends
// (`removeTemporaryFolders`, run after each file by the vitest setup file). A run leaves nothing
// behind, even when a test fails before its own clean-up.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/** A new, empty folder whose name starts with `prefix`. */
export function temporaryFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder made since the last call. */
export function removeTemporaryFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
