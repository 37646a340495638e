// The client on every runtime its README names, installed from the packed tarball: one program of
// checks per runtime (Node, Bun, Deno, workerd, and a Chromium page served same-origin with the
// mock), one table of results each, and every check must pass.
import { startMockServer } from "@postmark-openapi/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOnChromium } from "./browser.js";
import { createConsumerProject, type ConsumerProject } from "./project.js";
import { stopAll } from "./processes.js";
import { machineNode, runOnBun, runOnDeno, runOnNode, runOnNodeAt, runOnWorkerd, type ProgramConfig, type RuntimeReport } from "./runtimes.js";
import { freePort, hangPrefix, startFront, type Front } from "./servers.js";
import { renderReport } from "./table.js";
import { typecheckWithDeno, typecheckWithTsc } from "./typecheck.js";

let project: ConsumerProject;
let mock: Awaited<ReturnType<typeof startMockServer>>;
let front: Front;
let config: ProgramConfig;

beforeAll(async () => {
  // Static mode replays the spec's documented answers, which the checks are written against.
  mock = await startMockServer({ port: 0, quiet: true, mode: "static" });
  project = await createConsumerProject();
  front = await startFront(project.dir, mock.url);
  config = { apiUrl: mock.url, hangUrl: `${front.url}${hangPrefix.slice(0, -1)}`, refusedUrl: `http://127.0.0.1:${await freePort()}`, serverToken: "runtime-checks-server-token" };
}, 240_000);

afterAll(async () => {
  stopAll();
  await front?.close();
  await mock?.close();
  project?.remove();
});

// The workspace's Node, and the machine's own when `npm test` started on an older one.
const machine = machineNode();
type Runner = [string, (projectDir: string, config: ProgramConfig) => Promise<RuntimeReport>];
const machineRunners: Runner[] = machine ? [[`Node ${machine.version} (the machine's)`, runOnNodeAt(machine.path)]] : [];
const runtimes: Runner[] = [
  [`Node ${process.version}`, runOnNode],
  ...machineRunners,
  ["Bun", runOnBun],
  ["Deno", runOnDeno],
  ["workerd", runOnWorkerd],
  ["Chromium", (_projectDir, programConfig) => runOnChromium(front.url, programConfig)],
];

describe("the packed client", () => {
  it("is installed from a tarball with real dependency ranges", () => {
    expect(Object.entries(project.manifest.dependencies).filter(([, range]) => range.startsWith("workspace:"))).toEqual([]);
  });

  it.each(runtimes)("passes every check on %s", async (_name, runOn) => {
    const report = await runOn(project.dir, config);
    console.log(`\n${renderReport(report)}\n`);
    expect(report.results.length).toBeGreaterThanOrEqual(9);
    expect(report.results.filter((result) => !result.ok)).toEqual([]);
  }, 90_000);
});

describe("a consumer of the packed client type-checks", () => {
  it.each([
    ["tsc, moduleResolution bundler", () => typecheckWithTsc(project.dir, "bundler")],
    ["tsc, moduleResolution node16", () => typecheckWithTsc(project.dir, "node16")],
    ["deno check", () => typecheckWithDeno(project.dir)],
  ])("under %s", async (_how, check) => {
    const { code, stdout, stderr } = await check();
    expect(`${stdout}${stderr}`.trim()).toBe("");
    expect(code).toBe(0);
  }, 120_000);
});
