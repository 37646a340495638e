// The package as a user gets it: spec, client and mock packed the way they are published (the
// tarballs their `pack` tasks made), then installed with npm into an empty project outside the
// workspace, next to the official client, msw and vitest from the registry. There the CLI starts and answers both clients, and a user's
// vitest files (the test helper, the MSW handlers with no server) pass.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const packages = ["openapi", "packages/client", "packages/mock"].map((dir) => join(root, dir));
// The official client and vitest at the versions the workspace tests with; msw at the newest 2.x,
// while the workspace's own tests use msw 3, so the peer range `^2.13.3 || ^3.0.0` holds at both ends.
const fromRegistry = ["postmark@5.1.0", "msw@2.15.0", "vitest@5.1.2"];

let work: string;
let project: string;

/** The tarball the package's `pack` task left in its `tarball/` folder, named as `pnpm pack` names it. */
function packedTarball(dir: string): string {
  const { name, version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string };
  const file = join(dir, "tarball", `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`);
  if (!existsSync(file)) throw new Error(`${file} is missing: pack ${name} first (pnpm exec turbo run pack --filter=${name})`);
  return file;
}

function run(command: string, args: string[], cwd: string, timeout: number, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(command, args, { cwd, timeout, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], killSignal: "SIGKILL" });
}

/** Starts the installed bin and resolves with its URL, read from the start-up line. */
async function startBin(args: string[]) {
  const child = spawn(join(project, "node_modules", ".bin", "postmark-mock"), args, { cwd: project, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOCK_PORT: "", MOCK_MODE: "" } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const killTimer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  void exited.then(() => clearTimeout(killTimer));
  const url = await new Promise<string | undefined>((resolve) => {
    const check = setInterval(() => {
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found || child.exitCode !== null) {
        clearInterval(check);
        resolve(found);
      }
    }, 20);
  });
  return { child, url, exited, output: () => output };
}

beforeAll(() => {
  const packed = packages.map(packedTarball);
  work = mkdtempSync(join(tmpdir(), "postmark-mock-packed-"));
  project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "packed-consumer", private: true, type: "module" }));
  // A user's plain JavaScript project: its files are fixtures, copied as they are.
  cpSync(join(here, "..", "fixtures", "consumer"), project, { recursive: true });
  run("npm", ["install", ...packed, ...fromRegistry, "--no-audit", "--no-fund", "--no-package-lock", "--prefer-offline", "--loglevel=error"], project, 180_000);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed package, installed outside the workspace", () => {
  it("brings no Prism: it is an optional peer", () => {
    expect(existsSync(join(project, "node_modules", "@postmark-openapi", "mock", "dist", "answers.json"))).toBe(true);
    expect(existsSync(join(project, "node_modules", "@stoplight"))).toBe(false);
  });

  it("npx postmark-mock --port 0 starts, prints its URL and answers our client and the official one", async () => {
    const mock = await startBin(["--port", "0"]);
    try {
      expect(mock.url, mock.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const result = JSON.parse(run(process.execPath, ["flow.mjs"], project, 30_000, { ...process.env, MOCK_URL: mock.url }).trim().split("\n").at(-1)!);
      expect(result).toEqual({
        ours: { errorCode: 0, events: ["Delivered"], tag: "receipt" },
        official: { errorCode: 0, subjects: ["Welcome, Bob"], refusal: "InvalidEmailRequestError", refusalCode: 300 },
      });
      const inbox = await fetch(`${mock.url}/__mock/`);
      expect(inbox.status).toBe(200);
      expect(await inbox.text()).toContain("<html");
    } finally {
      mock.child.kill("SIGTERM");
    }
    expect(await mock.exited).toBe(0);
  });

  it("--dynamic without Prism says how to install it", async () => {
    const mock = await startBin(["--port", "0", "--dynamic"]);
    expect(await mock.exited).toBe(2);
    expect(mock.output()).toContain("npm install --save-dev @stoplight/prism-core@5.8.0 @stoplight/prism-http@5.12.0");
  });

  it("a user's vitest files pass: the test helper, and the MSW handlers with no server", () => {
    const output = run(join(project, "node_modules", ".bin", "vitest"), ["run", "--reporter=verbose"], project, 120_000, { ...process.env, CI: "1", NO_COLOR: "1" });
    expect(output).toMatch(/Test Files\s+2 passed \(2\)/);
    expect(output).toMatch(/Tests\s+3 passed \(3\)/);
    // The test waits as long as the consumer's vitest may take (120 s on a loaded machine), and then some.
  }, 150_000);
});
