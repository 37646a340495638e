// Every TypeScript sample of the built docs type-checks against @postmark-openapi/client, with
// the repository's shared compiler settings.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { appDir } from "../scripts/build.js";
import { clientPackage } from "../scripts/code-samples.js";
import { builtOperations } from "./built-docs.js";

// Git-ignored: written afresh on every run.
const samplesDir = join(appDir, "generated-samples");
const operations = builtOperations();

// A call the client's types must reject; proves the check is not passing on `any`.
const wrongCall = `import { createPostmarkClient } from "${clientPackage}";

const postmark = createPostmarkClient({ serverToken: "token" });
await postmark.getBounce({ params: { path: { bounceid: "not-a-number" } } });
`;

function writeSamples() {
  rmSync(samplesDir, { recursive: true, force: true });
  mkdirSync(samplesDir, { recursive: true });
  writeFileSync(
    join(samplesDir, "tsconfig.json"),
    JSON.stringify({ extends: "@postmark-openapi/typescript-config/base.json", compilerOptions: { noEmit: true, types: ["node"] }, include: ["*.ts"] }, null, 2),
  );
  for (const { operationId, samples } of operations) writeFileSync(join(samplesDir, `${operationId}.ts`), samples["TypeScript"] ?? "");
  writeFileSync(join(samplesDir, "_wrong-call.ts"), wrongCall);
}

function typeCheck() {
  const config = ts.getParsedCommandLineOfConfigFile(join(samplesDir, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (!config) throw new Error(`Cannot read ${join(samplesDir, "tsconfig.json")}`);
  if (config.errors.length > 0) throw new Error(ts.formatDiagnostics(config.errors, formatHost));
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const byFile = new Map<string, ts.Diagnostic[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? "(global)";
    byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
  }
  return byFile;
}

const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => appDir, getNewLine: () => "\n" };

describe("TypeScript samples type-check against the client", () => {
  let diagnostics: Map<string, ts.Diagnostic[]>;
  beforeAll(() => {
    writeSamples();
    diagnostics = typeCheck();
  });

  it("has no diagnostics outside the sample files", () => {
    const elsewhere = [...diagnostics.entries()].filter(([file]) => !file.startsWith(samplesDir));
    expect(elsewhere.flatMap(([, list]) => ts.formatDiagnostics(list, formatHost))).toEqual([]);
  });

  it("rejects a call with a wrongly typed parameter", () => {
    const messages = (diagnostics.get(join(samplesDir, "_wrong-call.ts")) ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(messages.join("\n")).toMatch(/not assignable to type 'number'/);
  });

  it.each(operations.map(({ operationId }) => [operationId]))("%s", (operationId) => {
    const file = join(samplesDir, `${operationId}.ts`);
    expect(ts.formatDiagnostics(diagnostics.get(file) ?? [], formatHost)).toBe("");
  });
});
