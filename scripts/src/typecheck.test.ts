// The workspace's type-check, as `npm test` makes it: every package's handwritten TypeScript, under
// each configuration its `typecheck` script uses, has no type errors, and each configuration holds
// to the shared strict settings: a probe file with type errors in the same program fails it, on
// exactly that file (see workspace-typecheck.ts).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { typecheckAll, workspaceTypecheckConfigs, type TypecheckResult } from "./workspace-typecheck.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const configs = workspaceTypecheckConfigs(root);
const expectedErrors = ["TS2322", "TS7006"];

let results: TypecheckResult[] = [];
beforeAll(async () => {
  results = await typecheckAll(configs, { probe: true });
});

describe("typecheck", () => {
  it("covers the packages of handwritten TypeScript", () => {
    const names = new Set(configs.map(({ name }) => name));
    for (const name of ["@postmark-openapi/spec", "@postmark-openapi/client", "@postmark-openapi/mock", "@postmark-openapi/docs", "@postmark-openapi/bench", "@postmark-openapi/browser-testing", "@postmark-openapi/workspace-scripts"]) {
      expect(names, name).toContain(name);
    }
  });

  it.each(configs.map((config, index) => [config.label, index] as const))("%s has no type errors in its own files, and fails on a file with type errors, only there", (_, index) => {
    const { diagnostics, output, probeFile } = results[index]!;
    const errors = diagnostics.filter((diagnostic) => diagnostic.category === "error");
    for (const error of errors) expect(error.file, output).toBe(probeFile);
    for (const code of expectedErrors) expect(errors.some((error) => error.code === code), `${code} in\n${output}`).toBe(true);
    // noUncheckedIndexedAccess: list[0] may be undefined.
    expect(errors.some((error) => error.code === "TS2322" && error.line === 6), output).toBe(true);
  });
});
