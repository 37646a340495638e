// Usage: tsx scripts/typecheck-workspace.ts
// Type-checks every package of the workspace under each configuration its `typecheck` script hands
// to the compiler (`tsgo --noEmit`, `tsgo -p <config>`), with TypeScript 7's native compiler
// (`tsgo`, from @postmark-openapi/typescript-config). Exits 1 and prints the diagnostics if any
// configuration has an error. `npm test` runs this; a package's own `typecheck` script still checks
// that package alone.
// Each tsgo checks on one thread, and as many run at once as the machine has cores: on two cores
// that took a fifth less CPU than tsgo's own four checker threads one configuration at a time, and
// `npm test` runs this beside other tasks, so its CPU is what counts.
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runTsgo } from "@postmark-openapi/typescript-config/tsgo-run";
import { typecheckConfigs, workspacePackages } from "./src/workspace-packages.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const configs = workspacePackages(root).flatMap(({ dir, name, scripts }) =>
  scripts["typecheck"] ? typecheckConfigs(scripts["typecheck"]).map((config) => ({ dir, label: `${name} (${relative(root, join(dir, config))})`, path: join(dir, config) })) : [],
);

/** tsgo's verdict on one configuration: undefined when it has no errors, else what tsgo printed. */
async function check(config: (typeof configs)[number]): Promise<string | undefined> {
  try {
    const { status, output } = await runTsgo(["-p", config.path, "--noEmit", "--singleThreaded"], config.dir);
    return status === 0 ? undefined : `tsgo exited with ${status}\n${output.trim()}`;
  } catch (error) {
    return (error as Error).message;
  }
}

const verdicts: (string | undefined)[] = new Array(configs.length);
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(availableParallelism(), configs.length) }, async () => {
    for (let index = next++; index < configs.length; index = next++) verdicts[index] = await check(configs[index]!);
  }),
);

let failed = 0;
for (const [index, { label }] of configs.entries()) {
  const verdict = verdicts[index];
  if (verdict === undefined) console.log(`${label}: no errors`);
  else {
    failed += 1;
    console.error(`${label}: ${verdict}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
