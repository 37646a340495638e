// The built docs as the tests see them: the decorated spec in dist/ and its code samples.
import { existsSync, readFileSync } from "node:fs";
import { decoratedSpecFile } from "../scripts/build.mjs";
import { listOperations } from "../scripts/spec.mjs";

export function loadDocsSpec() {
  if (!existsSync(decoratedSpecFile)) {
    throw new Error(`${decoratedSpecFile} is missing: build the docs first (pnpm --filter @postmark-openapi/docs build).`);
  }
  return JSON.parse(readFileSync(decoratedSpecFile, "utf8"));
}

/** Every operation of the built docs with its samples by tab label. */
export function builtOperations() {
  return listOperations(loadDocsSpec()).map(({ path, method, operation }) => ({
    operationId: operation.operationId,
    path,
    method,
    operation,
    samples: Object.fromEntries((operation["x-codeSamples"] ?? []).map((sample) => [sample.label, sample.source])),
  }));
}
