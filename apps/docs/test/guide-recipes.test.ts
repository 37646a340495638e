// The guide's shell recipes, run as a user would paste them: in a project whose `npx postmark-mock`
// is the built CLI, with only the ports swapped for free ones. Each recipe's section says what it
// must achieve, and the test checks that it did. Every `npx postmark-mock …` command of the guide
// (in any block) also starts and answers.
import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { startMockServer, type RunningMock } from "@postmark-openapi/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { guideCodeBlocks, guideSourceFile, type GuideCodeBlock } from "../scripts/guide.js";
import { builtCli, freePort, makeProject, projectEnv, withPorts } from "./guide-project.js";
import { shellWords } from "./shell-words.js";

const run = promisify(execFile);
const blocks = guideCodeBlocks(readFileSync(guideSourceFile, "utf8"));
const shellRecipes = blocks.filter((block) => ["sh", "bash"].includes(block.lang) && !block.flags.includes("no-run"));

interface RecipeRun {
  exitCode: number;
  output: string;
}

/** Runs a recipe with bash in the project folder; resolves with its exit code and output. */
async function runRecipe(script: string, cwd: string): Promise<RecipeRun> {
  try {
    const { stdout, stderr } = await run("bash", ["--norc", "--noprofile", "-e", "-c", script], { cwd, env: projectEnv(), encoding: "utf8", timeout: 60_000 });
    return { exitCode: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failure.code !== "number") throw error;
    return { exitCode: failure.code, output: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

// The test's own mock and webhook handler, for the recipes that expect one running.
let mock: RunningMock | undefined;
let origin = "";
let handler: Server | undefined;
let handlerPort = 0;
const received: Record<string, unknown>[] = [];
/** The requests without a body the handler got (a followed link), as `METHOD /path?query`. */
const visits: string[] = [];
let project = "";

beforeAll(async () => {
  project = makeProject();
  mock = await startMockServer({ port: 0, smtpPort: 0, quiet: true });
  origin = mock.url.replace(/\/$/, "");
  handler = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      if (body === "") visits.push(`${request.method} ${request.url}`);
      else received.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => handler?.listen(0, "127.0.0.1", resolve));
  const address = handler.address();
  handlerPort = typeof address === "object" && address ? address.port : 0;
});

afterAll(async () => {
  await mock?.close();
  await new Promise((resolve) => handler?.close(resolve));
  rmSync(project, { recursive: true, force: true });
});

async function send(to: string, subject: string, token = "guide-test"): Promise<void> {
  const response = await fetch(`${origin}/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-Postmark-Server-Token": token },
    body: JSON.stringify({ From: "billing@example.com", To: to, Subject: subject, TextBody: "Hi" }),
  });
  expect(response.status).toBe(200);
}

/** What each section's recipe must do, beyond exiting with 0. */
const checks: Record<string, { before?: () => Promise<void>; startsItsOwnMock?: boolean; after: (result: RecipeRun, port: number) => Promise<void> }> = {
  "The CLI in CI": {
    startsItsOwnMock: true,
    async after(result, port) {
      expect(result.output).toMatch(/project test: 200 \{.*"MessageID"/);
      // The trap stopped the mock when the script ended.
      await expect.poll(() => answers(`http://127.0.0.1:${port}/__mock/api/servers`), { timeout: 10_000 }).toBe(false);
    },
  },
  "See what your app sent": {
    before: () => send("jane@example.org", "Sent by the guide test"),
    async after(result) {
      const list = JSON.parse(result.output) as { Messages: { Subject: string }[] };
      expect(list.Messages.map((message) => message.Subject)).toContain("Sent by the guide test");
    },
  },
  "Sending over SMTP": {
    async after(result) {
      expect(visits).toContain("GET /confirm?token=abc123");
      // Sent over SMTP, found as any send is: by its recipient and its X-PM-Tag.
      expect(await mock!.messages({ tag: "sign-up", to: "jane@example.org" })).toHaveLength(1);
      expect(result.output).not.toMatch(/curl: \(/);
    },
  },
  "Trigger a bounce webhook into a local handler": {
    async after(result) {
      expect(result.output).toContain('"Type":"Bounce"');
      await expect.poll(() => received.find((payload) => payload.RecordType === "Bounce"), { timeout: 10_000 }).toMatchObject({ RecordType: "Bounce", Type: "HardBounce", Email: "jane@example.org" });
    },
  },
  "Make the next send fail with 429": {
    async after(result) {
      expect(result.output).toMatch(/HTTP\/1\.1 429 /);
      expect(result.output).toMatch(/^retry-after: 2\r?$/im);
      // The fault was used up: the next send goes through.
      await send("sam@example.org", "After the fault", "my-app-token");
    },
  },
};

describe("the guide's shell recipes", () => {
  it("each have a check, one recipe per checked section", () => {
    expect(shellRecipes.map((block) => block.section).sort()).toEqual(Object.keys(checks).sort());
  });

  it.each(shellRecipes.map((block): [string, GuideCodeBlock] => [block.section, block]))("%s", async (section, block) => {
    const check = checks[section];
    if (!check) throw new Error(`No check for the recipe in "${section}"`);
    await check.before?.();
    const port = check.startsItsOwnMock ? await freePort() : Number(new URL(origin).port);
    const result = await runRecipe(withPorts(block.text, { mock: port, handler: handlerPort, smtp: mock?.smtp?.port }), project);
    expect(result.exitCode, result.output).toBe(0);
    await check.after(result, port);
  });
});

describe("the guide's GitHub Actions steps", () => {
  const workflows = blocks.filter((block) => block.lang === "yaml");

  it("parse as a list of steps that start the mock, wait for it as the shell recipe does, and test", () => {
    expect(workflows).toHaveLength(1);
    const steps = parseYaml(workflows[0]?.text ?? "") as { run?: string; env?: Record<string, string> }[];
    const runs = steps.map((step) => step.run ?? "");
    expect(runs[0]).toMatch(/^npx postmark-mock --port 4010 .*&$/);
    const shellRecipe = shellRecipes.find((block) => block.section === workflows[0]?.section)?.text ?? "";
    expect(shellRecipe.split("\n")).toContain(runs[1]);
    expect(steps.at(-1)).toMatchObject({ run: "npm test", env: { POSTMARK_API_URL: "http://127.0.0.1:4010" } });
  });
});

/** Every `postmark-mock …` command in the guide (through npx or the installed bin), with its arguments. */
const cliCommands = new Set(blocks.flatMap((block) =>
  block.text
    .split("\n")
    .map((line) => /(?:npx |node_modules\/\.bin\/)(postmark-mock\b[^&#]*)/.exec(line)?.[1]?.trim())
    .filter((command): command is string => command !== undefined),
));

describe("the guide's postmark-mock commands", () => {
  it("are there", () => {
    expect(cliCommands.size).toBeGreaterThanOrEqual(3);
  });

  it.each([...cliCommands].map((command) => [command]))("%s starts the built CLI, which answers", async (command) => {
    const port = await freePort();
    // --proxy goes to this test's own mock instead of Postmark; --replay then answers the send it recorded.
    const [, ...args] = shellWords(withPorts(command, { mock: port }).replace("https://api.postmarkapp.com", origin));
    const child = spawn(process.execPath, [builtCli(), ...args], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await expect.poll(() => answers(`http://127.0.0.1:${port}/server`), { timeout: 20_000, interval: 100 }).toBe(true);
      const response = await fetch(`http://127.0.0.1:${port}/email`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-Postmark-Server-Token": "cli-check" },
        body: JSON.stringify({ From: "ci@example.com", To: "jane@example.org", Subject: "CLI check", TextBody: "Hi" }),
      });
      expect(response.status, output).toBe(200);
      expect(((await response.json()) as { ErrorCode: number }).ErrorCode).toBe(0);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited, output).toBe(0);
    const dataDir = args[args.indexOf("--data") + 1];
    if (args.includes("--data") && dataDir) expect(existsSync(join(project, dataDir, "postmark.db")), "the database").toBe(true);
  });
});
