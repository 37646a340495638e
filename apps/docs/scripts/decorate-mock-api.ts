// The copy of the local Postmark's own API document that the second page renders: a curl and a
// TypeScript sample (with the mock's typed client) on every operation and, in the introduction, links to the other pages of the site. The document
// itself stays as the mock package bundles it.
import { createRequire } from "node:module";
import { type MockApiRequest, mockApiCurlSample, mockApiTypescriptSample } from "./mock-api-samples.js";
import { sampleLanguages, type CodeSample } from "./code-samples.js";
import { sitePages } from "./site-pages.js";
import {
  listOperations,
  loadBundledSpec,
  requestBodyExample,
  resolveRef,
  successStatus,
  type ListedOperation,
  type OpenApiDocument,
  type ResponseObject,
} from "@postmark-openapi/spec/tools";

/** The bundle written by the mock package's build, exported as `@postmark-openapi/mock/mock-api.json`. */
export const mockApiSpecFile = createRequire(import.meta.url).resolve("@postmark-openapi/mock/mock-api.json");

export function loadMockApiSpec(): OpenApiDocument {
  return loadBundledSpec(mockApiSpecFile);
}

export function mockApiRequest(spec: OpenApiDocument, { path, method, operation, parameters }: ListedOperation): MockApiRequest {
  const status = successStatus(operation);
  const response = status ? resolveRef<ResponseObject>(spec, operation.responses?.[status]) : undefined;
  return {
    operationId: operation.operationId,
    method: method.toUpperCase(),
    path,
    pathParams: parameters
      .filter((parameter) => parameter.in === "path")
      .map((parameter) => ({ name: parameter.name, description: parameter.description ?? "", integer: resolveRef(spec, parameter.schema)?.type === "integer" })),
    body: requestBodyExample(spec, operation),
    responseTypes: Object.keys(response?.content ?? {}),
  };
}

export function mockApiSamplesFor(request: MockApiRequest): CodeSample[] {
  return [
    { ...sampleLanguages.curl, source: mockApiCurlSample(request) },
    { ...sampleLanguages.typescript, source: mockApiTypescriptSample(request) },
  ];
}

export const mockApiIntro = [
  "## Trying it",
  "Start the local Postmark (`npx postmark-mock`, or `npm run mock` in this repository) and run any sample below:",
  "it answers on `http://127.0.0.1:4010`, this API under `/__mock/api`. Samples that address a message or a server",
  "read its ID from an environment variable (`MESSAGE_ID`, `SERVER_ID`, …): send an email first and take the",
  "`MessageID` of the answer, or the `ID` from `GET /__mock/api/servers`.",
  "",
  "The TypeScript samples use `createMockApiClient(url)` of `@postmark-openapi/mock/api-client`, typed from this",
  `document; the guide's [429 recipe](${sitePages.guide.file}#make-the-next-send-fail-with-429) uses it in a test.`,
  "",
  "## Other pages",
  `- [${sitePages.reference.title}](${sitePages.reference.file}): Postmark's own API, which the local Postmark answers on its root path.`,
  `- [${sitePages.guide.title}](${sitePages.guide.file}): recipes for CI, test helpers, MSW and the official \`postmark\` client.`,
].join("\n");

export function decorateMockApi(spec: OpenApiDocument): OpenApiDocument {
  const decorated = structuredClone(spec);
  decorated.info.description = `${(decorated.info.description ?? "").trimEnd()}\n\n${mockApiIntro}\n`;
  for (const entry of listOperations(decorated)) {
    entry.operation["x-codeSamples"] = mockApiSamplesFor(mockApiRequest(decorated, entry));
  }
  return decorated;
}
