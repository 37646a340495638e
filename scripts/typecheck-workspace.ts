// Usage: tsx scripts/typecheck-workspace.ts
// Type-checks every package of the workspace under each configuration its `typecheck` script hands
// to the compiler (`tsgo --noEmit`, `tsgo -p <config>`), one configuration after another with
// TypeScript 7's native compiler (`tsgo`, from @postmark-openapi/typescript-config). Exits 1 and
// prints the diagnostics if any configuration has an error. `npm test` runs this; a package's own
// `typecheck` script still checks that package alone.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { typecheckConfigs, workspacePackages } from "./src/workspace-packages.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsgo = createRequire(import.meta.url).resolve("@postmark-openapi/typescript-config/tsgo.mjs");

let failed = 0;
for (const { dir, name, scripts } of workspacePackages(root)) {
  const script = scripts["typecheck"];
  if (!script) continue;
  for (const config of typecheckConfigs(script)) {
    const configPath = join(dir, config);
    const label = `${name} (${relative(root, configPath)})`;
    const run = spawnSync(process.execPath, [tsgo, "-p", configPath, "--noEmit", "--pretty", String(Boolean(process.stdout.isTTY))], { cwd: dir, encoding: "utf8" });
    const output = `${run.stdout ?? ""}${run.stderr ?? ""}`.trim();
    if (run.status === 0) {
      console.log(`${label}: no errors`);
    } else {
      failed += 1;
      console.error(`${label}: ${run.error ? `tsgo did not run (${run.error.message})` : `tsgo exited with ${run.status ?? run.signal}`}\n${output}`);
    }
  }
}
process.exit(failed > 0 ? 1 : 0);
