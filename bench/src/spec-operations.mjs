// The spec's operations, in the form the generated benchmark programs need.
import { readFileSync } from "node:fs";
import { specPath } from "./paths.mjs";

const methods = ["get", "put", "post", "delete", "patch"];

/** @returns {{ operationId: string, method: string, path: string, pathParams: string[], takesBody: boolean, tokenHeader: string }[]} */
export function specOperations() {
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  const schemes = spec.components.securitySchemes;
  const operations = [];
  for (const [path, pathItem] of Object.entries(spec.paths)) {
    for (const method of methods) {
      const operation = pathItem[method];
      if (!operation) continue;
      operations.push({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]),
        takesBody: Boolean(operation.requestBody),
        tokenHeader: schemes[Object.keys(operation.security[0])[0]].name,
      });
    }
  }
  return operations;
}
