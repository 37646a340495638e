// The built docs as the tests see them: the decorated spec in dist/ and its code samples.
import { existsSync, readFileSync } from "node:fs";
import { decoratedSpecFile } from "../scripts/build.js";
import type { CodeSample } from "../scripts/code-samples.js";
import { listOperations, type OpenApiDocument } from "../scripts/spec.js";

export function loadDocsSpec(): OpenApiDocument {
  if (!existsSync(decoratedSpecFile)) {
    throw new Error(`${decoratedSpecFile} is missing: build the docs first (pnpm --filter @postmark-openapi/docs build).`);
  }
  return JSON.parse(readFileSync(decoratedSpecFile, "utf8")) as OpenApiDocument;
}

/** Every operation of the built docs with its samples by tab label. */
/** The code samples the build put on an operation. */
export function samplesOf(operation: { [key: string]: unknown }): CodeSample[] {
  return (operation["x-codeSamples"] ?? []) as CodeSample[];
}

export function builtOperations() {
  return listOperations(loadDocsSpec()).map(({ path, method, operation }) => ({
    operationId: operation.operationId,
    path,
    method,
    operation,
    samples: Object.fromEntries(samplesOf(operation).map((sample) => [sample.label, sample.source])) as Record<string, string | undefined>,
  }));
}
