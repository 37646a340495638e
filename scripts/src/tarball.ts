// Where a publishable package's `pack` task leaves its tarball: `<package>/tarball/`, as `pnpm pack`
// names it. One run packs each package once; the pack check and the tests that install the
// package read that file instead of packing again.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const tarballFolder = "tarball";

/** `pnpm pack`'s file name: `@scope/name` 1.2.3 → `scope-name-1.2.3.tgz`. */
export function tarballName(manifest: { name: string; version: string }): string {
  return `${manifest.name.replace(/^@/, "").replace("/", "-")}-${manifest.version}.tgz`;
}

/** The tarball of the package's current name and version, made by its `pack` task. */
export function packedTarball(packageDir: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { name: string; version: string };
  const file = join(packageDir, tarballFolder, tarballName(manifest));
  if (!existsSync(file)) throw new Error(`${file} is missing: pack ${manifest.name} first (pnpm exec turbo run pack --filter=${manifest.name})`);
  return file;
}
