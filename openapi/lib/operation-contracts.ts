// Writes the TypeScript contract of every operation of a bundled spec, on top of the types
// openapi-typescript makes from it: method, path, token, parameters, body and each documented
// answer, as direct lookups into openapi-typescript's `operations` (so the compiler does not work
// them out through generic helpers at every use). The client types its methods with it and the
// mock types its handlers with it: an operation added to the spec changes both.
// No Node imports: a generator script calls it and writes the text where it wants.
import { listOperations, resolveRef } from "./spec-reader.js";
import type { OpenApiDocument, RequestBodyObject, ResponseObject } from "./openapi-types.js";

export interface ContractOptions {
  /** the name under which the generated module imports openapi-typescript's `operations` */
  operationsType: string;
  /** the interface to write (default `OperationContracts`) */
  interfaceName?: string;
}

/**
 * The source of `export interface OperationContracts { <operationId>: { … } }`. For each operation:
 * - `method`, `path`, `tag` (its first tag, or `null`) and `security` (the one security scheme it
 *   names, or `null`);
 * - `pathParams`, `query` and `header`: its parameters of each place (`never` where it has none);
 * - `body`: its JSON request body (`never` where it takes none) and `bodyRequired`;
 * - `success`: the status of its success answer;
 * - `responses`: each documented status → the content of that answer by media type (`never` when
 *   it has none).
 */
export function operationContractsSource(spec: OpenApiDocument, options: ContractOptions): string {
  const name = options.interfaceName ?? "OperationContracts";
  const entries = listOperations(spec)
    .map(({ path, method, operation, parameters, securityScheme }) => {
      const operationId = operation.operationId;
      if (!operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const at = `${options.operationsType}[${JSON.stringify(operationId)}]`;
      const place = (where: string) => (parameters.some((parameter) => parameter.in === where) ? `NonNullable<${at}["parameters"][${JSON.stringify(where)}]>` : "never");
      const requestBody = resolveRef<RequestBodyObject>(spec, operation.requestBody);
      const takesJson = Boolean(requestBody?.content?.["application/json"]);
      const statuses = Object.keys(operation.responses ?? {}).sort();
      const success = statuses.find((status) => status.startsWith("2"));
      if (success === undefined) throw new Error(`${operationId} documents no success answer`);
      const responses = statuses.map((status) => {
        const response = resolveRef<ResponseObject>(spec, operation.responses?.[status]);
        const content = response?.content && Object.keys(response.content).length > 0 ? `NonNullable<${at}["responses"][${status}]["content"]>` : "never";
        return `${status}: ${content}`;
      });
      const fields = [
        `method: ${JSON.stringify(method.toUpperCase())}`,
        `path: ${JSON.stringify(path)}`,
        `tag: ${operation.tags?.[0] === undefined ? "null" : JSON.stringify(operation.tags[0])}`,
        `security: ${securityScheme === undefined ? "null" : JSON.stringify(securityScheme)}`,
        `pathParams: ${place("path")}`,
        `query: ${place("query")}`,
        `header: ${place("header")}`,
        `body: ${takesJson ? `NonNullable<${at}["requestBody"]>["content"]["application/json"]` : "never"}`,
        `bodyRequired: ${takesJson && requestBody?.required === true}`,
        `success: ${success}`,
        `responses: { ${responses.join("; ")} }`,
      ];
      return [operationId, `  ${operationId}: {\n${fields.map((field) => `    ${field};`).join("\n")}\n  };`] as const;
    })
    .sort(([a], [b]) => a.localeCompare(b));
  return `/** Each operation's contract: method, path, token, parameters, body and documented answers, by operationId. */
export interface ${name} {
${entries.map(([, text]) => text).join("\n")}
}
`;
}
