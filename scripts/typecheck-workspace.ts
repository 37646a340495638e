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

let failed = 0;
for (const [index, result] of (await typecheckAll(configs).catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
})).entries()) {
  const { label } = configs[index]!;
  if (result.status === 0) console.log(`${label}: no errors`);
  else {
    failed += 1;
    console.error(`${label}: tsgo exited with ${result.status}\n${result.output.trim()}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
