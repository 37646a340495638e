// Every package's `typecheck` runs the compiler (tsgo, TypeScript 7) over its handwritten TypeScript
// in strict mode: a file with type errors, checked under each configuration the script uses, makes
// tsgo fail on exactly that file.
//
// What this guards is each configuration's compiler options (the package's own files are checked by
// its `typecheck` task). So the probe is the only file of each program: a folder of its own inside
// the package (types and modules resolve from there, as for a file of the package), whose tsconfig
// extends the package's configuration and names the probe alone. No configuration of the workspace
// includes a dot-folder at a package's root, so a type-check running beside this test never sees it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runTsgo, type TsgoDiagnostic } from "@postmark-openapi/typescript-config/tsgo-run";
import { describe, expect, it } from "vitest";
import { typecheckConfigs, workspacePackages } from "./workspace-packages.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

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

/** tsgo's diagnostics for the broken file alone under a package's configuration (`tsgo -p <config> --noEmit`). */
async function typecheckBrokenFile(packageDir: string, config: string): Promise<{ diagnostics: TsgoDiagnostic[]; output: string; probeFile: string }> {
  const probeDir = mkdtempSync(join(packageDir, ".typecheck-probe-"));
  const probeFile = join(probeDir, "broken.ts");
  try {
    writeFileSync(probeFile, brokenSource);
    writeFileSync(join(probeDir, "tsconfig.json"), JSON.stringify({ extends: join(packageDir, config), files: ["broken.ts"], include: [], compilerOptions: { noEmit: true } }));
    return { ...(await runTsgo(["-p", "tsconfig.json"], probeDir)), probeFile };
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

const cases = workspacePackages(root).flatMap(({ dir, name, scripts }) =>
  scripts["typecheck"] ? typecheckConfigs(scripts["typecheck"]).map((config) => ({ name, dir, config })) : [],
);

describe("typecheck", () => {
  it("covers the packages of handwritten TypeScript", () => {
    const names = new Set(cases.map(({ name }) => name));
    for (const name of ["@postmark-openapi/spec", "@postmark-openapi/client", "@postmark-openapi/docs", "@postmark-openapi/bench", "@postmark-openapi/browser-testing", "@postmark-openapi/workspace-scripts"]) {
      expect(names, name).toContain(name);
    }
  });

  it.each(cases.map((entry) => [`${entry.name} (${entry.config})`, entry] as const))("%s fails on a file with type errors, and only there", async (_, { dir, config }) => {
    const { diagnostics, output, probeFile } = await typecheckBrokenFile(dir, config);
    const errors = diagnostics.filter((diagnostic) => diagnostic.category === "error");
    expect(errors.length, output).toBeGreaterThan(0);
    for (const code of expectedErrors) expect(errors.some((error) => error.code === code), `${code} in\n${output}`).toBe(true);
    // noUncheckedIndexedAccess: list[0] may be undefined.
    expect(errors.some((error) => error.code === "TS2322" && error.line === 6), output).toBe(true);
    for (const error of errors) expect(error.file, output).toBe(probeFile);
  });
});
