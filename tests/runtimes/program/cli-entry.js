// Entry for Node, Bun and Deno: the configuration comes as a JSON argument, the results go to
// stdout as one JSON line.
import { runChecks } from "./program.js";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const results = await runChecks(JSON.parse(args[0]));
console.log(JSON.stringify({ runtime: runtimeName(), results }));

function runtimeName() {
  if (globalThis.Deno) return `Deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun) return `Bun ${globalThis.Bun.version}`;
  return `Node ${globalThis.process.version}`;
}
