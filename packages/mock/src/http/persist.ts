// `--data <dir>`: the in-memory store kept in <dir>/state.json across restarts. Writes are
// atomic (a temporary file, flushed, then renamed over the old one) and batched; a file that
// cannot be read or parsed stops start-up and is left untouched. A state file of the mock's
// first releases (version 1) is read as well, and written in the current form from then on.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
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

/** Writes the state atomically: readers and a crash mid-write only ever see a whole file. */
export function writeStateFile(dir: string, snapshot: MemorySnapshot): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, stateFileName);
  const temporary = join(dir, `.${stateFileName}.${process.pid}.tmp`);
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, JSON.stringify({ version: stateVersion, ...snapshot } satisfies StateFile));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/** Saves at most every `delayMs` while changes keep coming, and once more on flush. */
export function createStateSaver(dir: string, snapshot: () => MemorySnapshot, delayMs = 200): { changed(): void; flush(): void } {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  const save = () => {
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    writeStateFile(dir, snapshot());
  };
  return {
    changed() {
      dirty = true;
      timer ??= setTimeout(save, delayMs);
    },
    flush() {
      if (timer) clearTimeout(timer);
      save();
    },
  };
}
