// Usage: tsx scripts/typecheck-workspace.ts
// Type-checks every package of the workspace under each configuration its `typecheck` script hands
// to the compiler (see src/workspace-typecheck.ts). Exits 1 and prints the diagnostics if any
// configuration has an error. `npm run typecheck` runs this; `npm test` makes the same check, with
// a probe of each configuration, in src/typecheck.test.ts. A package's own `typecheck` script
// still checks that package alone.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { typecheckAll, workspaceTypecheckConfigs } from "./src/workspace-typecheck.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const configs = workspaceTypecheckConfigs(root);

const results = await typecheckAll(configs);
let failed = 0;
for (const [index, { label }] of configs.entries()) {
  const { status, output, failure } = results[index]!;
  if (status === 0) console.log(`${label}: no errors`);
  else {
    failed += 1;
    console.error(`${label}: ${failure ?? `tsgo exited with ${status}\n${output.trim()}`}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
