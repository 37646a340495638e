// Usage: tsx scripts/pack-check.ts <package-dir> [--packed] [--no-attw] [--no-install]
// Packs a publishable package and checks the tarball; exits 1 and lists the problems if any.
// With --packed it checks the tarball the package's `pack` task made (and its workspace
// dependencies' ones), as `npm test` does, instead of packing.
import { resolve } from "node:path";
import { packCheck } from "./src/pack.js";

const args = process.argv.slice(2);
const packageDir = args.find((arg) => !arg.startsWith("--"));
if (!packageDir) {
  console.error("Usage: pack-check <package-dir> [--packed] [--no-attw] [--no-install]");
  process.exit(2);
}
const result = await packCheck(resolve(packageDir), { attw: !args.includes("--no-attw"), install: !args.includes("--no-install"), packed: args.includes("--packed") });
console.log(`${result.tarball}: ${result.files.length} files`);
for (const file of result.files) console.log(`  ${file}`);
if (result.problems.length > 0) {
  console.error(`\n${result.name}@${result.version} is not ready to publish:`);
  for (const problem of result.problems) console.error(`- ${problem}`);
  process.exit(1);
}
console.log(`${result.name}@${result.version}: packed, linted and installed cleanly`);
