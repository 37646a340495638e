// The package refuses a Node older than its minimum with one message that names the Node it needs:
// the rule, and the built CLI and entry run on such a Node when the machine has one (the Node that
// started `npm test`, WORKSPACE_MACHINE_NODE, when it is older than the workspace's own).
import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { minimumNodeVersion, unsupportedNode } from "./node-version.js";

const message = (version: string) => `@postmark-openapi/mock needs Node.js ${minimumNodeVersion} or newer; this is Node.js ${version}. Node.js 24 LTS is recommended.`;

describe("unsupportedNode", () => {
  it.each([
    ["v20.19.0", false],
    ["20.20.2", false],
    ["v22.12.0", false],
    ["v22.13.0", true],
    ["v22.20.1", true],
    ["v23.0.0", true],
    ["v24.22.3", true],
    ["v26.1.0", true],
  ])("%s is supported: %s", (version, supported) => {
    expect(unsupportedNode(version)).toBe(supported ? undefined : message(version.replace(/^v/, "")));
  });

  it("says nothing outside Node", () => {
    expect(unsupportedNode(undefined)).toBeUndefined();
  });

  it("matches the package's engines field", async () => {
    const manifest = (await import("../package.json", { with: { type: "json" } })).default as { engines: { node: string } };
    expect(manifest.engines.node).toBe(`>=${minimumNodeVersion.replace(/\.0$/, "")}`);
  });
});

const machineNode = process.env["WORKSPACE_MACHINE_NODE"];
const machineVersion = machineNode ? execFileSync(machineNode, ["-p", "process.versions.node"], { encoding: "utf8" }).trim() : undefined;
const olderNode = machineVersion !== undefined && unsupportedNode(machineVersion) !== undefined ? machineNode : undefined;

describe.skipIf(!olderNode)(`the built package on the machine's older Node (${machineVersion})`, () => {
  const built = (file: string) => fileURLToPath(new URL(`../dist/src/${file}`, import.meta.url));

  it("postmark-mock prints the Node it needs and exits with 1", () => {
    const result = spawnSync(olderNode!, [built("cli.js"), "--port", "0"], { encoding: "utf8", timeout: 30_000 });
    expect(result.stderr.trim()).toBe(message(machineVersion!));
    expect(result.stdout).toBe("");
    expect(result.status).toBe(1);
  });

  it.each(["index.js", "testing/index.js", "msw/index.js"])("importing %s fails with that message", (file) => {
    const probe = `import(${JSON.stringify(built(file))}).then(() => console.log("loaded"), (error) => console.log(error.message))`;
    const result = spawnSync(olderNode!, ["-e", probe], { encoding: "utf8", timeout: 30_000 });
    expect(result.stdout.trim()).toBe(message(machineVersion!));
  });
});
