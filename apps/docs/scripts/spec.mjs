// Reading the bundled spec for the docs: the shared spec tools, plus how each token is sent and
// held by a developer, which the code samples need.
import { createRequire } from "node:module";
import { exampleRequest as exampleCall, listOperations, loadBundledSpec as loadSpecFile } from "@postmark-openapi/spec/tools";

export { listOperations, resolveRef } from "@postmark-openapi/spec/tools";

const require = createRequire(import.meta.url);

/** Paths of the bundle written by the spec package's `bundle` task. */
export const bundledSpecFiles = {
  json: require.resolve("@postmark-openapi/spec/openapi.json"),
  yaml: require.resolve("@postmark-openapi/spec/openapi.yaml"),
};

export function loadBundledSpec() {
  return loadSpecFile(bundledSpecFiles.json);
}

/** How each security scheme is sent, and how a developer holds the token. */
export const tokenSchemes = {
  ServerToken: { header: "X-Postmark-Server-Token", envVar: "POSTMARK_SERVER_TOKEN", clientOption: "serverToken" },
  AccountToken: { header: "X-Postmark-Account-Token", envVar: "POSTMARK_ACCOUNT_TOKEN", clientOption: "accountToken" },
};

/** The one token an operation needs, from its `security`. */
export function tokenOf(operation) {
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  const known = schemes.filter((scheme) => tokenSchemes[scheme]);
  if (known.length !== 1) {
    throw new Error(`${operation.operationId}: expected exactly one of ${Object.keys(tokenSchemes).join(", ")} in security, got ${JSON.stringify(operation.security)}`);
  }
  return { scheme: known[0], ...tokenSchemes[known[0]] };
}

/**
 * A call that works as it stands (path and required query parameters from their examples, the
 * first body example), with the token it needs. Optional filters stay out so the call returns
 * data on any account; the docs list them under Parameters.
 */
export function exampleRequest(spec, entry) {
  return { ...exampleCall(spec, entry), token: tokenOf(entry.operation) };
}
