// The spec's operations, in the form the generated benchmark programs need.
import { listOperations, loadBundledSpec } from "@postmark-openapi/spec/tools";
import { specPath } from "./paths.js";

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  pathParams: string[];
  takesBody: boolean;
  tokenHeader: string;
}

export function specOperations(): SpecOperation[] {
  const spec = loadBundledSpec(specPath);
  const schemes = spec.components?.securitySchemes ?? {};
  return listOperations(spec).map(({ path, method, operation, securityScheme }) => ({
    operationId: operation.operationId,
    method: method.toUpperCase(),
    path,
    pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? ""),
    takesBody: Boolean(operation.requestBody),
    tokenHeader: (securityScheme && schemes[securityScheme]?.name) || "",
  }));
}
