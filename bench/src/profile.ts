// `npm run bench -- --profile`: runs the client throughput measurement for each client under
// `node --cpu-prof` and prints where the client process spends its CPU time, in µs per request —
// by area (our client, openapi-fetch, undici's fetch, GC, …) side by side, then per client the
// functions with the most self and inclusive time. The .cpuprofile files stay in
// bench/.out/profiles/ for Chrome DevTools or speedscope.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { clientKinds, clientLabels, type ClientKind } from "./clients.js";
import { outDir, src } from "./paths.js";
import { runWorker, startHelper } from "./processes.js";

type Node = { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } };

interface CpuProfile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const areas: [string, (url: string) => boolean][] = [
  ["our client", (url) => url.includes("packages/client/")],
  ["openapi-fetch", (url) => url.includes("openapi-fetch")],
  ["official client", (url) => url.includes("/postmark/")],
  ["undici (fetch, Request, Headers)", (url) => url.includes("undici")],
  ["web streams", (url) => url.includes("webstreams")],
  ["AbortController, events", (url) => /abort_controller|event_target|js_transferable/.test(url)],
  ["bench harness", (url) => url.includes("/bench/src/")],
  ["other node internals (net, timers, …)", (url) => url.startsWith("node:")],
];

export async function profileClients({ log, count = 4000, warmup = 200, concurrency = 32 }: { log: (line: string) => void; count?: number; warmup?: number; concurrency?: number }): Promise<void> {
  const dir = join(outDir, "profiles");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const server = await startHelper(src("fixed-server.js"));
  const summaries = {} as Record<ClientKind, ReturnType<typeof summarizeProfile>>;
  try {
    for (const kind of clientKinds) {
      const profileDir = join(dir, kind);
      await runWorker(src("throughput-worker.js"), [kind, server.url, count, concurrency, warmup], {
        execArgv: ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", profileDir],
      });
      const [file] = readdirSync(profileDir);
      if (!file) throw new Error(`no CPU profile in ${profileDir}`);
      summaries[kind] = summarizeProfile(JSON.parse(readFileSync(join(profileDir, file), "utf8")) as CpuProfile, count + warmup);
      log(`profile: ${kind} → ${join(profileDir, file)}`);
    }
  } finally {
    await server.stop();
  }
  const micros = (value: number | undefined): string => (value ?? 0).toFixed(0);
  const areaNames = [...new Set(Object.values(summaries).flatMap((summary) => [...summary.byArea.keys()]))];
  const lines = [
    `# Client CPU profiles: ${count} sends after ${warmup} warm-up, ${concurrency} in flight, sampled every 100 µs`,
    "",
    "CPU µs per request by area of code (self time; process start-up and module loading included):",
    "",
    `| Area | ${clientKinds.map((kind) => clientLabels[kind]).join(" | ")} |`,
    `| --- |${clientKinds.map(() => " ---: |").join("")}`,
    ...areaNames.map((area) => `| ${area} | ${clientKinds.map((kind) => micros(summaries[kind].byArea.get(area))).join(" | ")} |`),
    `| **total** | ${clientKinds.map((kind) => `**${micros(summaries[kind].total)}**`).join(" | ")} |`,
  ];
  for (const kind of clientKinds) {
    const { self, inclusive } = summaries[kind];
    const rows = (map: [string, number][], n: number): string[] => map.slice(0, n).map(([key, value]) => `| ${micros(value)} | \`${key}\` |`);
    lines.push("", `## ${clientLabels[kind]}`, "", "Self µs per request:", "", "| µs | Function |", "| ---: | --- |", ...rows(self, 12));
    lines.push("", "Inclusive µs per request (harness and event loop left out):", "", "| µs | Function |", "| ---: | --- |", ...rows(inclusive, 20));
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Per-request self time by area and by function, and inclusive time by function, in µs. */
function summarizeProfile(profile: CpuProfile, requests: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const keyOf = ({ callFrame: { functionName, url, lineNumber } }: Node): string =>
    `${functionName || "(anonymous)"} ${url ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(packages|bench)\//, "$1/")}:${lineNumber + 1}` : ""}`.trim();
  const areaOf = ({ callFrame: { functionName, url } }: Node): string => {
    if (!url) return functionName === "(garbage collector)" ? "GC" : "native (JSON, syscalls, program)";
    return areas.find(([, test]) => test(url))?.[0] ?? "other";
  };
  const add = (map: Map<string, number>, key: string, value: number): Map<string, number> => map.set(key, (map.get(key) ?? 0) + value);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    // A sample lasts until the next one.
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === "(idle)") return;
    total += micros;
    add(self, keyOf(node), micros);
    add(byArea, areaOf(node), micros);
    // Inclusive: every function on the stack once, however often it recurses.
    const seen = new Set<string>();
    for (let current: Node | undefined = node; current; current = byId.get(parentOf.get(current.id) ?? -1)) seen.add(keyOf(current));
    for (const key of seen) add(inclusive, key, micros);
  });
  const perRequest = (map: Map<string, number>): Map<string, number> => new Map([...map].map(([key, value]) => [key, value / requests]));
  const sorted = (map: Map<string, number>, skip: (key: string) => boolean = () => false): [string, number][] => [...perRequest(map)].filter(([key]) => !skip(key)).sort((a, b) => b[1] - a[1]);
  const harness = (key: string): boolean => /^\((root|program)\)|bench\/src\/|processTicksAndRejections|runMicrotasks|runMicrotask |task_queues|async_hooks/.test(key);
  return { total: total / requests, byArea: perRequest(byArea), self: sorted(self), inclusive: sorted(inclusive, harness) };
}
