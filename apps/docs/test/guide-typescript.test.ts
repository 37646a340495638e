// The guide's TypeScript recipes type-check against the real exports of @postmark-openapi/mock
// (its root, /testing, /msw, /api-client), @postmark-openapi/client, postmark, msw and vitest, with
// the repository's shared compiler settings. The recipes that are vitest files (` ```ts vitest `)
// also run, in a vitest of their own against the built mock package, which may connect to nothing
// but the loopback.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { appDir } from "../scripts/build.js";
import { guideCodeBlocks, guideSourceFile, slug } from "../scripts/guide.js";
import { messagesOf, samplesTsconfig, typeCheckFolder } from "./type-check.js";

const run = promisify(execFile);
// Git-ignored: written afresh on every run.
const recipesDir = join(appDir, "generated-guide");
const runDir = join(recipesDir, "run");

/** The TypeScript recipes, each named by its `// name.ts` first line or by its section. */
const recipes = guideCodeBlocks(readFileSync(guideSourceFile, "utf8"))
  .filter((block) => block.lang === "ts" || block.lang === "typescript")
  .map((block, index) => {
    const named = /^\/\/ ([\w.-]+\.ts)\n/.exec(block.text)?.[1];
    return { ...block, file: named ?? `recipe-${String(index + 1).padStart(2, "0")}-${slug(block.section)}.ts` };
  });

// Uses the recipes must not get away with: each proves one import is typed, not `any`.
const wrongUses: Record<string, { source: string; error: RegExp }> = {
  "_wrong-postmark.ts": {
    source: `import postmark from "postmark";\nnew postmark.ServerClient("token", { useHttps: "no" });\n`,
    error: /'string' is not assignable to type 'boolean \| undefined'/,
  },
  "_wrong-testing.ts": {
    source: `import { usePostmarkMock } from "@postmark-openapi/mock/testing";\nconst port: number = usePostmarkMock().url;\nconsole.log(port);\n`,
    error: /'string' is not assignable to type 'number'/,
  },
  "_wrong-msw.ts": {
    source: `import { createPostmarkHandlers } from "@postmark-openapi/mock/msw";\ncreatePostmarkHandlers().reset(true);\n`,
    error: /'true' is not assignable to parameter of type 'string \| number \| undefined'/,
  },
  "_wrong-mock.ts": {
    source: `import { startPostmarkMock } from "@postmark-openapi/mock";\nawait startPostmarkMock({ port: "4010" });\n`,
    error: /'string' is not assignable to type 'number'/,
  },
};

// Runs beside the recipes: fails unless the setup file's guard is in place.
const guardCheck = `import net from "node:net";
import { expect, it } from "vitest";

it("runs with connections kept on the loopback", () => {
  expect(String(net.Socket.prototype.connect)).toContain("stays on the loopback");
});
`;

function writeRecipes(): void {
  rmSync(recipesDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(recipesDir, "tsconfig.json"), samplesTsconfig());
  for (const recipe of recipes) writeFileSync(join(recipesDir, recipe.file), recipe.text);
  for (const [file, { source }] of Object.entries(wrongUses)) writeFileSync(join(recipesDir, file), source);
}

describe("the guide's TypeScript recipes type-check", () => {
  let diagnostics: Map<string, string[]>;
  beforeAll(async () => {
    writeRecipes();
    diagnostics = await typeCheckFolder(recipesDir);
  });

  it("are there, with unique file names", () => {
    expect(recipes.length).toBeGreaterThanOrEqual(6);
    expect(new Set(recipes.map((recipe) => recipe.file)).size).toBe(recipes.length);
  });

  it("has no diagnostics outside the recipe files", () => {
    const elsewhere = [...diagnostics.entries()].filter(([file]) => !file.startsWith(recipesDir));
    expect(elsewhere.flatMap(([, list]) => list)).toEqual([]);
  });

  it.each(Object.entries(wrongUses))("rejects %s", (file, { error }) => {
    expect(messagesOf(diagnostics.get(join(recipesDir, file)))).toMatch(error);
  });

  it.each(recipes.map((recipe) => [`${recipe.section}: ${recipe.file}`, recipe.file]))("%s", (_, file) => {
    expect(messagesOf(diagnostics.get(join(recipesDir, file)))).toBe("");
  });
});

describe("the guide's vitest recipes", () => {
  const testFiles = recipes.filter((recipe) => recipe.flags.includes("vitest"));

  it("pass in a vitest of their own", async () => {
    expect(testFiles.length).toBeGreaterThanOrEqual(2);
    for (const recipe of testFiles) {
      expect(recipe.file, "a vitest recipe names its file").toMatch(/\.test\.ts$/);
      writeFileSync(join(runDir, recipe.file), recipe.text);
    }
    // The recipes' process may reach the loopback only: the MSW one addresses Postmark's real host.
    const setupFile = fileURLToPath(new URL("./local-only.setup.ts", import.meta.url));
    // Worker threads cost less to start than vitest's default child processes; each file is still isolated.
    const config = { test: { include: ["*.test.ts"], setupFiles: [setupFile], pool: "threads", testTimeout: 30_000, hookTimeout: 60_000 } };
    writeFileSync(join(runDir, "vitest.config.mjs"), `export default ${JSON.stringify(config)};\n`);
    writeFileSync(join(runDir, "_local-only.test.ts"), guardCheck);
    const vitest = join(createRequire(import.meta.url).resolve("vitest/package.json"), "..", "vitest.mjs");
    const report = join(runDir, "report.json");
    await run(process.execPath, [vitest, "run", "--root", runDir, "--reporter=json", `--outputFile=${report}`], { cwd: runDir, timeout: 120_000 }).catch((error: unknown) => error);
    const results = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numTotalTests: number; testResults: { name: string; status: string; message: string }[] };
    const failures = results.testResults.filter((file) => file.status !== "passed").map((file) => `${file.name}: ${file.message}`);
    expect(failures).toEqual([]);
    expect(results.numPassedTests).toBe(results.numTotalTests);
    expect(results.testResults.map((file) => file.name.split("/").at(-1)).sort()).toEqual(["_local-only.test.ts", ...testFiles.map((recipe) => recipe.file)].sort());
  }, 180_000);
});
