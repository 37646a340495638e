import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryFolder } from "../temporary-folders.js";
import { folderOthersCannotEnter } from "./embedded.js";

describe("folderOthersCannotEnter", () => {
  it.each([
    { modes: [0o755, 0o755], blockedAt: undefined },
    { modes: [0o700, 0o755], blockedAt: 0 },
    { modes: [0o755, 0o750], blockedAt: 1 },
    { modes: [0o711, 0o755], blockedAt: undefined },
  ])("folders with modes $modes: blocked at level $blockedAt", ({ modes, blockedAt }) => {
    const levels = [temporaryFolder("others-enter-")];
    levels.push(join(levels[0]!, "inner"));
    mkdirSync(levels[1]!);
    modes.forEach((mode, level) => chmodSync(levels[level]!, mode));
    try {
      expect(folderOthersCannotEnter(levels[1]!)).toBe(blockedAt === undefined ? undefined : levels[blockedAt]);
    } finally {
      // The folder's removal after the file must be able to enter it.
      chmodSync(levels[0]!, 0o755);
    }
  });
});
