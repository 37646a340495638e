// Types of spec-tools.mjs, for the spec's own TypeScript tests.
type Json = { [key: string]: unknown };

export declare const bundledSpecPath: string;
export declare const httpMethods: readonly string[];
export declare function loadBundledSpec(path?: string): Json;
export declare function resolveRef(spec: Json, node: unknown): unknown;
export interface ListedOperation {
  path: string;
  method: string;
  operation: Json;
  parameters: Json[];
  securityScheme: string | undefined;
}
export declare function listOperations(spec: Json, map?: unknown): ListedOperation[];
export declare function successStatus(operation: Json): string | undefined;
export declare function parameterExample(spec: Json, parameter: Json): unknown;
export declare function requestBodyExample(spec: Json, operation: Json): unknown;
export declare function exampleRequest(
  spec: Json,
  entry: ListedOperation,
): {
  operationId: string;
  method: string;
  path: string;
  pathParams: Record<string, unknown>;
  queryParams: Record<string, unknown>;
  body: unknown;
  securityScheme: string | undefined;
  deprecated: boolean;
};
