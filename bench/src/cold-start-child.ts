// One cold start, run as `node cold-start-child.mjs <client> <stage> <url>` in a fresh process:
// `import` loads the client, `create` also builds one, `first-response` also sends one email.
// The "fetch" client imports nothing: its `import` run is an empty node process. Prints the time
// each step took inside the process, which is steadier than the wall time the parent measures.
import { createSender, importClient } from "./clients.js";

const [kind = "", stage = "", baseUrl = ""] = process.argv.slice(2);
const steps: Record<string, number> = {};
let mark = performance.now();
const step = (name: string): void => {
  const now = performance.now();
  steps[name] = now - mark;
  mark = now;
};

const library = await importClient(kind);
step("importMs");
if (stage !== "import") {
  const send = createSender(kind, library, baseUrl);
  step("createMs");
  if (stage === "first-response") {
    await send();
    step("firstResponseMs");
  }
}
process.stdout.write(JSON.stringify({ ...steps, sinceProcessStartMs: performance.now() }));
