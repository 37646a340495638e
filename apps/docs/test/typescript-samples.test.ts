// Every TypeScript sample of the built docs type-checks against @postmark-openapi/client, with
// the repository's shared compiler settings.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { appDir } from "../scripts/build.js";
import { clientPackage } from "../scripts/code-samples.js";
import { builtOperations } from "./built-docs.js";
import { messagesOf, samplesTsconfig, typeCheckFolder } from "./type-check.js";

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
  writeFileSync(join(samplesDir, "tsconfig.json"), samplesTsconfig());
  for (const { operationId, samples } of operations) writeFileSync(join(samplesDir, `${operationId}.ts`), samples["TypeScript"] ?? "");
  writeFileSync(join(samplesDir, "_wrong-call.ts"), wrongCall);
}

describe("TypeScript samples type-check against the client", () => {
  let diagnostics: Map<string, string[]>;
  beforeAll(async () => {
    writeSamples();
    diagnostics = await typeCheckFolder(samplesDir);
  });

  it("has no diagnostics outside the sample files", () => {
    const elsewhere = [...diagnostics.entries()].filter(([file]) => !file.startsWith(samplesDir));
    expect(elsewhere.flatMap(([, list]) => list)).toEqual([]);
  });

  it("rejects a call with a wrongly typed parameter", () => {
    expect(messagesOf(diagnostics.get(join(samplesDir, "_wrong-call.ts")))).toMatch(/not assignable to type 'number'/);
  });

  it.each(operations.map(({ operationId }) => [operationId]))("%s", (operationId) => {
    const file = join(samplesDir, `${operationId}.ts`);
    expect(messagesOf(diagnostics.get(file))).toBe("");
  });
});
