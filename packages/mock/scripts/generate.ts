// Generates src/generated/:
// - for the mock API (api/openapi.yaml, bundled first to src/generated/mock-api.json): its
//   openapi-typescript types and its operation contracts, written by the same generator that
//   writes the contracts of Postmark's API for the client (Postmark's own types come from
//   @postmark-openapi/client, which generates them once for both packages);
// - spec-facts.ts: the facts of Postmark's spec that the emulator's core applies (limits, bounce
//   types), so that the core, which gets no spec at run time, keeps no copy of its own.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { operationContractsSource } from "@postmark-openapi/spec/contracts";
import { loadBundledSpec, resolveRef, type OpenApiDocument, type SchemaObject } from "@postmark-openapi/spec/tools";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "generated");
const document = JSON.parse(readFileSync(join(outDir, "mock-api.json"), "utf8")) as OpenApiDocument;
const header = `// Generated from the mock API's OpenAPI document (${document.info.title} ${document.info.version}) by scripts/generate.ts.
// Do not edit: run the generate task instead.
`;

const ast = await openapiTS(document as unknown as OpenAPI3, { defaultNonNullable: false, alphabetize: false, exportType: false });
writeFileSync(join(outDir, "mock-api-types.ts"), `${header}\n${astToString(ast)}`);
writeFileSync(join(outDir, "mock-api-contract.ts"), `${header}\nimport type { operations as MockApiOperationTypes } from "./mock-api-types.js";\n\n${operationContractsSource(document, { operationsType: "MockApiOperationTypes", interfaceName: "MockApiContracts" })}`);

/** A schema of Postmark's spec by name, with its properties resolved. */
const spec = loadBundledSpec();
function schema(name: string): SchemaObject & Record<string, unknown> {
  const found = spec.components?.schemas?.[name];
  if (!found) throw new Error(`The spec has no schema ${name}`);
  return resolveRef(spec, found) as SchemaObject & Record<string, unknown>;
}
function property(owner: string, name: string): SchemaObject & Record<string, unknown> {
  const found = schema(owner).properties?.[name];
  if (!found) throw new Error(`The spec's ${owner} has no property ${name}`);
  return resolveRef(spec, found) as SchemaObject & Record<string, unknown>;
}
function number(value: unknown, what: string): number {
  if (typeof value !== "number") throw new Error(`The spec states no number for ${what}`);
  return value;
}
const metadata = schema("Metadata");
const limits = {
  recipients: number(schema("EmailMessage")["x-postmark-max-recipients"], "EmailMessage x-postmark-max-recipients"),
  fromLength: number(property("EmailMessage", "From").maxLength, "EmailMessage.From maxLength"),
  subjectLength: number(property("EmailMessage", "Subject").maxLength, "EmailMessage.Subject maxLength"),
  tagLength: number(property("EmailMessage", "Tag").maxLength, "EmailMessage.Tag maxLength"),
  bodyBytes: number(property("EmailMessage", "HtmlBody").maxLength, "EmailMessage.HtmlBody maxLength"),
  metadataKeys: number(metadata.maxProperties, "Metadata maxProperties"),
  metadataKeyLength: number((metadata["propertyNames"] as SchemaObject | undefined)?.maxLength, "Metadata propertyNames maxLength"),
  metadataValueLength: number((resolveRef(spec, metadata.additionalProperties as SchemaObject) as SchemaObject | undefined)?.maxLength, "Metadata value maxLength"),
  messageBytes: number((spec as Record<string, unknown>)["x-postmark-max-body-bytes"], "the root x-postmark-max-body-bytes"),
};
const bounceTypes = schema("BounceType")["x-postmark-bounce-types"];
if (!Array.isArray(bounceTypes) || bounceTypes.length === 0) throw new Error("The spec's BounceType has no x-postmark-bounce-types");
writeFileSync(
  join(outDir, "spec-facts.ts"),
  `// Generated from the Postmark OpenAPI spec (${spec.info.title} ${spec.info.version}) by scripts/generate.ts.
// Do not edit: run the generate task instead.

/** Postmark's sending limits, from EmailMessage, Metadata and the root's body limit. Lengths count UTF-16 code units; bodies and the whole message count bytes. */
export const emailLimits = ${JSON.stringify(limits, null, 2)} as const;

/** Each bounce type's TypeCode, Name, and whether it deactivates the address and can be reactivated (BounceType's x-postmark-bounce-types). */
export const bounceTypeFacts = ${JSON.stringify(bounceTypes, null, 2)} as const;
`,
);
console.log(`Generated the mock API's types and contracts and the spec's facts into src/generated/`);
