// Generates src/generated/ from the bundled spec: the openapi-typescript types and the tables the
// runtime needs (operation → method, path and token; paged operations; the spec's identity).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  isReference,
  listOperations,
  resolveRef,
  type ListedOperation,
  type MaybeRef,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  type RequestBodyObject,
  type ResponseObject,
  type SchemaObject,
} from "@postmark-openapi/spec/tools";
import { operationContractsSource } from "@postmark-openapi/spec/contracts";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(packageDir, "src", "generated");
const specFile = createRequire(import.meta.url).resolve("@postmark-openapi/spec/openapi.json");
const specText = readFileSync(specFile, "utf8");
const spec = JSON.parse(specText) as OpenApiDocument;

const header = `// Generated from the Postmark OpenAPI spec (${spec.info.title} ${spec.info.version}) by scripts/generate.ts.
// Do not edit: run the generate task instead.
`;

type TokenOption = "serverToken" | "accountToken";
const securityToOption: Record<string, TokenOption> = { ServerToken: "serverToken", AccountToken: "accountToken" };

const resolve = <T>(node: MaybeRef<T> | undefined): T | undefined => resolveRef(spec, node);

interface DescribedOperation {
  operationId: string;
  method: string;
  path: string;
  scheme: string;
  token: TokenOption;
  parameters: ParameterObject[];
  operation: OperationObject;
}

function describeOperations(): DescribedOperation[] {
  const operations = listOperations(spec).map(({ path, method, operation, parameters, securityScheme }: ListedOperation) => {
    const token = securityScheme === undefined ? undefined : securityToOption[securityScheme];
    if (!securityScheme || !token) {
      throw new Error(`${operation.operationId}: expected exactly one of ${Object.keys(securityToOption).join(", ")}`);
    }
    return { operationId: operation.operationId, method: method.toUpperCase(), path, scheme: securityScheme, token, parameters, operation };
  });
  return operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/** A count/offset list: which query names page it and which response field holds the items. */
function pagingOf({ operationId, method, path, token, parameters, operation }: DescribedOperation) {
  const query = parameters.filter((parameter) => parameter.in === "query");
  const count = query.find((parameter) => parameter.name.toLowerCase() === "count");
  const offset = query.find((parameter) => parameter.name.toLowerCase() === "offset");
  if (!count || !offset) return undefined;
  const success = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith("2"));
  const schema = resolve<SchemaObject>(resolve<ResponseObject>(success?.[1])?.content?.["application/json"]?.schema);
  const arrays = Object.entries(schema?.properties ?? {}).filter(([, property]) => resolve(property)?.type === "array");
  const itemsField = arrays[0]?.[0];
  if (arrays.length !== 1 || itemsField === undefined || !schema?.properties?.["TotalCount"]) {
    throw new Error(`${operationId}: a paged answer needs TotalCount and exactly one array field`);
  }
  const offsetMaximum = resolve(offset.schema)?.["maximum"];
  const countMaximum = resolve(count.schema)?.["maximum"] ?? 500;
  return {
    operationId,
    method,
    path,
    token,
    countParam: count.name,
    offsetParam: offset.name,
    itemsField,
    maxCount: countMaximum,
    // A capped search says so with `offset` ≤ 9,999: count + offset may not exceed 10,000.
    maxReach: typeof offsetMaximum === "number" ? offsetMaximum + 1 : null,
  };
}

/** Each webhook payload: its schema name and the fields Postmark always sends. */
function describeWebhooks() {
  return Object.entries(spec.webhooks ?? {}).map(([name, pathItem]) => {
    const bodySchema = resolve<RequestBodyObject>(pathItem.post?.requestBody)?.content?.["application/json"]?.schema;
    const schemaRef = isReference(bodySchema) ? bodySchema.$ref : undefined;
    const schema = schemaRef === undefined ? undefined : resolve<SchemaObject>({ $ref: schemaRef });
    if (!schemaRef || !schema) throw new Error(`webhook ${name}: expected a POST body that references a component schema`);
    const recordType = resolve(schema.properties?.["RecordType"])?.["const"];
    return {
      name,
      schemaName: schemaRef.split("/").pop(),
      recordType: recordType ?? null,
      required: (schema.required ?? []).filter((field) => field !== "RecordType"),
    };
  });
}

function objectLiteral(entries: [string, string][]): string {
  return `{\n${entries.map(([key, value]) => `  ${key}: ${value},`).join("\n")}\n}`;
}

async function generateTypes() {
  const ast = await openapiTS(spec as unknown as OpenAPI3, { defaultNonNullable: false, alphabetize: false, exportType: false });
  return header + "\n" + astToString(ast);
}

const tokenLetters: Record<TokenOption, string> = { serverToken: "s", accountToken: "a" };

/**
 * Each operation's init and result as direct lookups into the generated `operations` types, so
 * the compiler does not work them out through openapi-fetch's generic helpers at every call.
 */
function signatureOf({ operationId, parameters, operation }: DescribedOperation): string {
  const at = `operations[${JSON.stringify(operationId)}]`;
  const hasPath = parameters.some((parameter) => parameter.in === "path");
  const query = parameters.filter((parameter) => parameter.in === "query");
  const queryRequired = query.some((parameter) => parameter.required);
  const paramFields = [
    ...(hasPath ? [`path: ${at}["parameters"]["path"]`] : []),
    ...(query.length > 0 ? [`query${queryRequired ? "" : "?"}: NonNullable<${at}["parameters"]["query"]>`] : []),
  ];
  const paramsRequired = hasPath || queryRequired;
  const fields: string[] = [];
  if (paramFields.length > 0) fields.push(`params${paramsRequired ? "" : "?"}: { ${paramFields.join("; ")} }`);
  if (operation.requestBody) fields.push(`body: NonNullable<${at}["requestBody"]>["content"]["application/json"]`);
  else fields.push("body?: never");
  const responses = operation.responses ?? {};
  const success = Object.keys(responses).find((status) => status.startsWith("2"));
  if (success === undefined) throw new Error(`${operationId}: no success response`);
  const hasContent = Boolean(resolve<ResponseObject>(responses[success])?.content?.["application/json"]);
  const result = hasContent ? `${at}["responses"][${success}]["content"]["application/json"]` : "undefined";
  return `{ init: { ${fields.join("; ")} }; initRequired: ${paramsRequired || Boolean(operation.requestBody)}; result: ${result} }`;
}

/** The `OperationSignatures` interface: each operation's init and result, in terms of the generated `operations` types. */
function generateSignatures(operations: DescribedOperation[]): string {
  const entries = operations.map((entry): [string, string] => [entry.operationId, signatureOf(entry).replaceAll("operations[", "OperationTypes[")]);
  return `/** Each operation's init (params and body), whether it must be given, and its success body. */
export interface OperationSignatures ${objectLiteral(entries).replace(/,\n/g, ";\n")}`;
}

function generateTables(operations: DescribedOperation[], webhooks: ReturnType<typeof describeWebhooks>): string {
  const typeEntries = operations.map(({ operationId, method, path, token, operation }): [string, string] => [
    operationId,
    `{ method: "${method}"; path: "${path}"; token: "${token}"${operation.deprecated ? "; deprecated: true" : ""} }`,
  ]);
  // One line per operation, "/path METHOD operationId token-letter [deprecated]", in path order so
  // that lines with a common path prefix follow each other: far smaller in a gzipped bundle than an
  // object literal, and read once when the module loads.
  const table = [...operations]
    .sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1))
    .map(({ operationId, method, path, token, operation }) => `${path} ${method} ${operationId} ${tokenLetters[token]}${operation.deprecated ? " d" : ""}`)
    .join("\\n");
  const pagingEntries = operations.flatMap((entry): [string, string][] => {
    const paging = pagingOf(entry);
    return paging ? [[entry.operationId, JSON.stringify(paging).replace(/"(\w+)":/g, "$1: ")]] : [];
  });
  const sha256 = createHash("sha256").update(specText).digest("hex");
  return `${header}
import type { operations as OperationTypes, paths } from "./schema.js";

/** The spec this package was generated from. */
export const specInfo = {
  title: ${JSON.stringify(spec.info.title)},
  version: ${JSON.stringify(spec.info.version)},
  sha256: "${sha256}",
} as const;

export type TokenOption = "serverToken" | "accountToken";

/** Every operation's method, path template and token option, by operationId. */
export interface OperationTable ${objectLiteral(typeEntries).replace(/,\n/g, ";\n")}

export type OperationId = keyof OperationTable;

${generateSignatures(operations)}

/** Every operation: its method, its path template and the token option it authenticates with. */
export const operations: { readonly [K in OperationId]: Readonly<OperationTable[K]> } = /* @__PURE__ */ parseOperationTable(
  "${table}",
);

function parseOperationTable(table: string) {
  const parsed: Record<string, { method: string; path: keyof paths; token: TokenOption; deprecated?: true }> = {};
  for (const line of table.split("\\n")) {
    const [path, method, operationId, token, deprecated] = line.split(" ") as [keyof paths, string, string, "s" | "a", string?];
    parsed[operationId] = { method, path, token: token === "s" ? "serverToken" : "accountToken", ...(deprecated ? { deprecated: true as const } : {}) };
  }
  return parsed as unknown as { readonly [K in OperationId]: Readonly<OperationTable[K]> };
}

/** The count/offset list operations: the query names that page them and the field with the items. */
export const pagedOperations = ${objectLiteral(pagingEntries)} as const;

export type PagedOperationId = keyof typeof pagedOperations;

/**
 * The webhook payloads: the component schema of each, the RecordType it carries (null when Postmark
 * sends none, as for inbound mail) and the fields Postmark always sends.
 */
export const webhookPayloads = ${objectLiteral(webhooks.map(({ name, ...rest }): [string, string] => [name, JSON.stringify(rest).replace(/"(\w+)":/g, "$1: ")]))} as const;
`;
}

/** A JSDoc line that cannot end its comment early. */
const docText = (text: string) => text.replace(/\s+/g, " ").replaceAll("*/", "*\\/").trim();

/**
 * One exported function per operation, named after its operationId, for bundles that should carry
 * only the operations they call: `sendEmail(client, init)`.
 */
function generateOperationFunctions(operations: DescribedOperation[]): string {
  const functions = operations.map(({ operationId, method, path, token, parameters, operation }) => {
    const doc = [`${docText(operation.summary ?? operationId)}: \`${method} ${path}\`, with the ${token === "serverToken" ? "server" : "account"} token.`];
    if (operation.deprecated) doc.push(`@deprecated ${docText((operation.description ?? "").split("\n\n")[0]!.replace(/^Deprecated:\s*/, ""))}`);
    // Only operations with path or query parameters need the URL building.
    const withParams = parameters.some((parameter) => parameter.in === "path" || parameter.in === "query") ? ", pathWithParams" : "";
    return `/**\n${doc.map((line) => ` * ${line}`).join("\n")}\n */\nexport const ${operationId}: OperationFunction<"${operationId}"> = /* @__PURE__ */ operation("${operationId}", "${method}", "${path}", "${token}"${withParams});`;
  });
  return `${header}
import { operation, type OperationFunction } from "../operation.js";
import { pathWithParams } from "../request.js";

${functions.join("\n\n")}
`;
}

mkdirSync(outDir, { recursive: true });
const operations = describeOperations();
writeFileSync(join(outDir, "schema.ts"), await generateTypes());
writeFileSync(join(outDir, "operations.ts"), generateTables(operations, describeWebhooks()));
writeFileSync(join(outDir, "contracts.ts"), `${header}\nimport type { operations as OperationTypes } from "./schema.js";\n\n${operationContractsSource(spec, { operationsType: "OperationTypes" })}`);
writeFileSync(join(outDir, "operation-functions.ts"), generateOperationFunctions(operations));
console.log(`Generated ${operations.length} operations from ${spec.info.title} ${spec.info.version} into src/generated/`);
