// The state files of earlier releases, which kept `--data` as one `<dir>/state.json`: version 2 (a
// snapshot of the memory store) and version 1 (one object per server). `--data` now keeps state in
// a database (src/sqlite/) and reads such a file once to import it. A file that cannot be read or
// parsed stops start-up and is left untouched.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isLegacyState, snapshotFromLegacyState } from "../core/store/legacy-state.js";
import type { MemorySnapshot } from "../core/store/memory-store.js";

export const stateFileName = "state.json";
export const stateVersion = 2;

export class StateFileError extends Error {
  override name = "StateFileError";
}

interface StateFile extends MemorySnapshot {
  version: typeof stateVersion;
}

export function readStateFile(dir: string): MemorySnapshot | undefined {
  const file = join(dir, stateFileName);
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new StateFileError(`Cannot read the stored state at ${file}: ${(error as Error).message}. Fix its permissions or point --data at another folder.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(`The stored state at ${file} is not valid JSON (${(error as Error).message}). It was left as it is: move it away or point --data at another folder.`);
  }
  if (isLegacyState(parsed)) return snapshotFromLegacyState(parsed);
  const state = parsed as Partial<StateFile> | null;
  if (!state || typeof state !== "object" || state.version !== stateVersion || typeof state.sequences !== "object" || typeof state.collections !== "object") {
    throw new StateFileError(`The stored state at ${file} is not a state file of this mock (version ${stateVersion}). It was left as it is: move it away or point --data at another folder.`);
  }
  return { sequences: state.sequences, collections: state.collections };
}
