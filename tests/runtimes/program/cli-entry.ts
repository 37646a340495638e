// Entry for Node, Bun and Deno: the configuration comes as a JSON argument, the results go to
// stdout as one JSON line.
import { runChecks, type ProgramConfig } from "./program.js";

// The three runtimes name themselves through globals the others lack.
const runtime = globalThis as unknown as {
  Deno?: { args: string[]; version: { deno: string } };
  Bun?: { version: string };
  process?: { argv: string[]; version: string };
};

const args = runtime.Deno ? runtime.Deno.args : (runtime.process?.argv.slice(2) ?? []);
const results = await runChecks(JSON.parse(args[0] ?? "{}") as ProgramConfig);
console.log(JSON.stringify({ runtime: runtimeName(), results }));

function runtimeName(): string {
  if (runtime.Deno) return `Deno ${runtime.Deno.version.deno}`;
  if (runtime.Bun) return `Bun ${runtime.Bun.version}`;
  return `Node ${runtime.process?.version ?? "unknown"}`;
}
