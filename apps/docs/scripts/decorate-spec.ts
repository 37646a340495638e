// The copy of the spec that the docs page renders: the bundled spec plus, on every operation, code
// samples and a line naming its token header and client method, and in the introduction a note on
// running the samples against the mock. The source spec stays as it is.
import { clientPackage, codeSamplesFor, mockBaseUrl, productionBaseUrl } from "./code-samples.js";
import { sitePages } from "./site-pages.js";
import { exampleRequest, listOperations, type OpenApiDocument, type SampleRequest } from "./spec.js";

const localSectionHeading = "## Trying it locally";

export const mockNote =
  `Every operation below has a curl and a TypeScript sample (with \`${clientPackage}\`). To run one ` +
  `against the mock, swap \`${productionBaseUrl}\` for \`${mockBaseUrl}\` in the curl command, or uncomment ` +
  `\`baseUrl\` in the TypeScript one, and set \`POSTMARK_SERVER_TOKEN\` or \`POSTMARK_ACCOUNT_TOKEN\` to any ` +
  "non-empty value.\n\n" +
  `The local Postmark also answers an API of its own, to see what your app sent, make bounces, opens and ` +
  `clicks happen and make requests fail on purpose: see [${sitePages.mockApi.title}](${sitePages.mockApi.file}). ` +
  `[${sitePages.guide.title}](${sitePages.guide.file}) has recipes for CI, test helpers, MSW and the official ` +
  "`postmark` client.";

/** Adds the note at the end of the "Trying it locally" section, or as that section when missing. */
export function addMockNote(description = ""): string {
  const start = description.indexOf(localSectionHeading);
  if (start === -1) return `${description.trimEnd()}\n\n${localSectionHeading}\n${mockNote}\n`;
  const next = description.indexOf("\n## ", start + localSectionHeading.length);
  const end = next === -1 ? description.length : next;
  const section = description.slice(0, end).trimEnd();
  return `${section}\n\n${mockNote}\n${description.slice(end)}`;
}

/**
 * Ends an operation's description with the token header it needs and its client method; the
 * search box indexes descriptions, so the method name finds the operation.
 */
export function withCallSummary(description = "", { operationId, token }: Pick<SampleRequest, "operationId" | "token">): string {
  return `${description.trimEnd()}\n\nToken header: \`${token.header}\`. Client method: \`postmark.${operationId}()\`.\n`;
}

export function decorateSpec(spec: OpenApiDocument): OpenApiDocument {
  const decorated = structuredClone(spec);
  decorated.info.description = addMockNote(decorated.info.description);
  for (const entry of listOperations(decorated)) {
    const request = exampleRequest(decorated, entry);
    entry.operation["x-codeSamples"] = codeSamplesFor(request);
    entry.operation.description = withCallSummary(entry.operation.description, request);
  }
  return decorated;
}
