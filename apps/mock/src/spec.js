// Reads the bundled spec into what the mock needs per operation: how to find it from a request
// path the way Postmark does, which token header it takes, and whether it takes a body.
import { bundledSpecPath, listOperations, loadBundledSpec } from "@postmark-openapi/spec/tools";

export const defaultSpecPath = bundledSpecPath;

/** Body limits Postmark enforces: 50 MB for batch and bulk sends, 10 MB for everything else. */
const largeBodyPaths = new Set(["/email/batch", "/email/batchWithTemplates", "/email/bulk"]);
const megabyte = 1024 * 1024;

export function loadSpec(specPath = defaultSpecPath) {
  return loadBundledSpec(specPath);
}

/**
 * @typedef {object} Operation
 * @property {string} operationId
 * @property {string} method      upper case
 * @property {string} path        the path template as written in the spec
 * @property {string} tag
 * @property {string} tokenHeader lower-case header name, e.g. "x-postmark-server-token"
 * @property {string} otherTokenHeader the header of the other kind of token
 * @property {boolean} takesBody
 * @property {number} maxBodyBytes
 * @property {object[]} parameters  path-item and operation parameters, merged and resolved
 * @property {object | undefined} requestBody the operation's requestBody as written (maybe a $ref)
 */

/** @returns {Operation[]} */
export function operationsOf(spec) {
  const schemes = spec.components.securitySchemes;
  const tokenHeaders = Object.values(schemes).filter((scheme) => scheme.type === "apiKey").map((scheme) => scheme.name.toLowerCase());
  return listOperations(spec).map(({ path, method, operation, parameters, securityScheme }) => {
    const tokenHeader = schemes[securityScheme]?.name.toLowerCase();
    if (!tokenHeader) throw new Error(`${operation.operationId} has no apiKey security scheme`);
    return {
      operationId: operation.operationId,
      method: method.toUpperCase(),
      path,
      tag: operation.tags?.[0] ?? "",
      tokenHeader,
      otherTokenHeader: tokenHeaders.find((header) => header !== tokenHeader),
      takesBody: Boolean(operation.requestBody),
      maxBodyBytes: (largeBodyPaths.has(path) ? 50 : 10) * megabyte,
      parameters,
      requestBody: operation.requestBody,
    };
  });
}
