// Loads the bundled spec the mock serves (by default the one of @postmark-openapi/spec).
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { bundledSpecPath, loadBundledSpec } from "@postmark-openapi/spec/tools";
import type { Spec } from "./front/operations.js";

export const defaultSpecPath = bundledSpecPath;

/**
 * Each file is read once while it is unchanged: every mock started in one process then serves the
 * same document object, and the checks compiled for it (front/validate.ts) are compiled once.
 */
const loaded = new Map<string, { version: string; spec: Spec }>();

export function loadSpec(specPath: string = defaultSpecPath): Spec {
  const path = resolve(specPath);
  const version = versionOf(path);
  const known = loaded.get(path);
  if (known && version !== undefined && known.version === version) return known.spec;
  const spec = loadBundledSpec(specPath) as Spec;
  if (version !== undefined) loaded.set(path, { version, spec });
  return spec;
}

/** The file's size and time of change, or undefined when it cannot be read (loading then says why). */
function versionOf(path: string): string | undefined {
  try {
    const { size, mtimeMs } = statSync(path);
    return `${size} ${mtimeMs}`;
  } catch {
    return undefined;
  }
}
