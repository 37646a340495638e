// Generates src/generated/ for the mock API (api/openapi.yaml, bundled first to
// src/generated/mock-api.json): its openapi-typescript types and its operation contracts, written
// by the same generator that writes the contracts of Postmark's API for the client. Postmark's own
// types come from @postmark-openapi/client, which generates them once for both packages.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { operationContractsSource } from "@postmark-openapi/spec/contracts";
import type { OpenApiDocument } from "@postmark-openapi/spec/reader";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "generated");
const document = JSON.parse(readFileSync(join(outDir, "mock-api.json"), "utf8")) as OpenApiDocument;
const header = `// Generated from the mock API's OpenAPI document (${document.info.title} ${document.info.version}) by scripts/generate.ts.
// Do not edit: run the generate task instead.
`;

const ast = await openapiTS(document as unknown as OpenAPI3, { defaultNonNullable: false, alphabetize: false, exportType: false });
writeFileSync(join(outDir, "mock-api.ts"), `${header}\n${astToString(ast)}`);
writeFileSync(join(outDir, "mock-api-contract.ts"), `${header}\nimport type { operations as MockApiOperationTypes } from "./mock-api.js";\n\n${operationContractsSource(document, { operationsType: "MockApiOperationTypes", interfaceName: "MockApiContracts" })}`);
console.log(`Generated the mock API's types and contracts into src/generated/`);
