// Build step: bundles the inbox page (inbox/) into dist/inbox/ with esbuild, and prints each
// file's size and gzip size, so the page's weight is seen on every build.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const source = join(packageRoot, "inbox");
const target = join(packageRoot, "dist", "inbox");

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

await build({
  // main.tsx imports styles.css, which esbuild writes beside the script as inbox.css.
  entryPoints: { inbox: join(source, "main.tsx") },
  outdir: target,
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022", "chrome110", "firefox115", "safari16"],
  jsx: "automatic",
  jsxImportSource: "preact",
  legalComments: "none",
  logLevel: "warning",
});
for (const file of ["index.html", "favicon.svg"]) copyFileSync(join(source, file), join(target, file));

const rows = readdirSync(target)
  .sort()
  .map((name) => {
    const bytes = readFileSync(join(target, name));
    return { name, size: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
const total = rows.reduce((sum, row) => ({ size: sum.size + row.size, gzip: sum.gzip + row.gzip }), { size: 0, gzip: 0 });
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);
console.log("Inbox page (dist/inbox):");
for (const row of rows) console.log(`  ${row.name.padEnd(12)}${kb(row.size)}${kb(row.gzip)} gzip`);
console.log(`  ${"total".padEnd(12)}${kb(total.size)}${kb(total.gzip)} gzip`);
