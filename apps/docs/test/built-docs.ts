// The built docs as the tests see them: the decorated documents in dist/ and their code samples.
import { existsSync, readFileSync } from "node:fs";
import { decoratedMockApiFile, decoratedSpecFile } from "../scripts/build.js";
import type { CodeSample } from "../scripts/code-samples.js";
import { mockApiRequest } from "../scripts/decorate-mock-api.js";
import { listOperations, type OpenApiDocument } from "../scripts/spec.js";

function loadBuilt(file: string): OpenApiDocument {
  if (!existsSync(file)) throw new Error(`${file} is missing: build the docs first (pnpm --filter @postmark-openapi/docs build).`);
  return JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
}

export function loadDocsSpec(): OpenApiDocument {
  return loadBuilt(decoratedSpecFile);
}

export function loadDocsMockApi(): OpenApiDocument {
  return loadBuilt(decoratedMockApiFile);
}

/** The code samples the build put on an operation. */
export function samplesOf(operation: { [key: string]: unknown }): CodeSample[] {
  return (operation["x-codeSamples"] ?? []) as CodeSample[];
}

function samplesByLabel(operation: { [key: string]: unknown }): Record<string, string | undefined> {
  return Object.fromEntries(samplesOf(operation).map((sample) => [sample.label, sample.source]));
}

/** Every operation of the built reference page with its samples by tab label. */
export function builtOperations() {
  return listOperations(loadDocsSpec()).map(({ path, method, operation }) => ({
    operationId: operation.operationId,
    path,
    method,
    operation,
    samples: samplesByLabel(operation),
  }));
}

/** Every operation of the built local Postmark API page, with its samples and answer types. */
export function builtMockApiOperations() {
  const spec = loadDocsMockApi();
  return listOperations(spec).map((entry) => ({
    operationId: entry.operation.operationId,
    operation: entry.operation,
    samples: samplesByLabel(entry.operation),
    responseTypes: mockApiRequest(spec, entry).responseTypes,
  }));
}
