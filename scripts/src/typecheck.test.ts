// Every package's `typecheck` runs tsc over its handwritten TypeScript in strict mode: a file with
// type errors, placed under each configuration the script uses, makes tsc fail on exactly that file.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { typecheckConfigs, workspacePackages } from "./workspace-packages.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

// Each line breaks one rule the shared strict settings turn on.
const brokenSource = `const count: number = "three";
export function implicitAny(value) {
  return value;
}
const list: string[] = [];
export const first: string = list[0];
export { count };
`;

const expectedErrors = ["TS2322", "TS7006"];

/** Runs tsc on the package's config plus the broken file; returns its output and exit status. */
function typecheckWithBrokenFile(packageDir: string, config: string): { status: number; output: string; probeDir: string } {
  const probeDir = join(packageDir, `.typecheck-probe-${process.pid}`);
  mkdirSync(probeDir, { recursive: true });
  try {
    writeFileSync(join(probeDir, "broken.ts"), brokenSource);
    writeFileSync(join(probeDir, "tsconfig.json"), JSON.stringify({ extends: join("..", config), files: ["broken.ts"] }));
    // At low priority: these runs share two cores with the other packages' timing-sensitive tests.
    const result = spawnSync("nice", ["-n", "15", process.execPath, tsc, "-p", join(probeDir, "tsconfig.json"), "--noEmit", "--pretty", "false"], { encoding: "utf8" });
    if (result.error) throw result.error;
    return { status: result.status ?? 1, output: result.stdout, probeDir };
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

const cases = workspacePackages(root).flatMap(({ dir, name, scripts }) =>
  scripts["typecheck"] ? typecheckConfigs(scripts["typecheck"]).map((config) => ({ name, dir, config })) : [],
);

describe("typecheck", () => {
  beforeAll(() => {
    // A run that was killed part-way leaves its probe behind; a later typecheck must not see it.
    for (const { dir } of cases) {
      for (const entry of readdirSync(dir)) if (entry.startsWith(".typecheck-probe-")) rmSync(join(dir, entry), { recursive: true, force: true });
    }
  });

  it("covers the packages of handwritten TypeScript", () => {
    const names = new Set(cases.map(({ name }) => name));
    for (const name of ["@postmark-openapi/spec", "@postmark-openapi/client", "@postmark-openapi/docs", "@postmark-openapi/bench", "@postmark-openapi/browser-testing", "@postmark-openapi/workspace-scripts"]) {
      expect(names, name).toContain(name);
    }
  });

  it.each(cases.map((entry) => [`${entry.name} (${entry.config})`, entry] as const))("%s fails on a file with type errors, and only there", (_, { dir, config }) => {
    const { status, output, probeDir } = typecheckWithBrokenFile(dir, config);
    expect(status).not.toBe(0);
    const errorLines = output.split("\n").filter((line) => /error TS\d+/.test(line));
    const brokenFile = relative(dir, join(probeDir, "broken.ts"));
    for (const code of expectedErrors) expect(errorLines.some((line) => line.includes(code)), `${code} in\n${output}`).toBe(true);
    // noUncheckedIndexedAccess: list[0] may be undefined.
    expect(output).toMatch(/broken\.ts\(6,\d+\): error TS2322/);
    for (const line of errorLines) expect(line.replaceAll("\\", "/")).toContain(brokenFile.split("/").at(-1));
  });
});
