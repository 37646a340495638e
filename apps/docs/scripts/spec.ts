// Reading the bundled spec for the docs: the shared spec tools, plus how each token is sent and
// held by a developer, which the code samples need.
import { createRequire } from "node:module";
import {
  exampleRequest as exampleCall,
  loadBundledSpec as loadSpecFile,
  type ExampleRequest,
  type ListedOperation,
  type OpenApiDocument,
  type OperationObject,
} from "@postmark-openapi/spec/tools";

export { listOperations, resolveRef, type ListedOperation, type OpenApiDocument, type OperationObject } from "@postmark-openapi/spec/tools";

const require = createRequire(import.meta.url);

/** Paths of the bundle written by the spec package's `bundle` task. */
export const bundledSpecFiles = {
  json: require.resolve("@postmark-openapi/spec/openapi.json"),
  yaml: require.resolve("@postmark-openapi/spec/openapi.yaml"),
};

export function loadBundledSpec(): OpenApiDocument {
  return loadSpecFile(bundledSpecFiles.json);
}

export interface TokenScheme {
  header: string;
  envVar: string;
  clientOption: "serverToken" | "accountToken";
}

export type TokenSchemeName = "ServerToken" | "AccountToken";

/** How each security scheme is sent, and how a developer holds the token. */
export const tokenSchemes: Record<TokenSchemeName, TokenScheme> = {
  ServerToken: { header: "X-Postmark-Server-Token", envVar: "POSTMARK_SERVER_TOKEN", clientOption: "serverToken" },
  AccountToken: { header: "X-Postmark-Account-Token", envVar: "POSTMARK_ACCOUNT_TOKEN", clientOption: "accountToken" },
};

/** The one token an operation needs, from its `security`. */
export function tokenOf(operation: Pick<OperationObject, "security"> & { operationId?: string }): TokenScheme & { scheme: TokenSchemeName } {
  const schemes = (operation.security ?? []).flatMap((requirement) => Object.keys(requirement));
  const known = schemes.filter((scheme): scheme is TokenSchemeName => Object.hasOwn(tokenSchemes, scheme));
  const [scheme] = known;
  if (known.length !== 1 || scheme === undefined) {
    throw new Error(`${operation.operationId}: expected exactly one of ${Object.keys(tokenSchemes).join(", ")} in security, got ${JSON.stringify(operation.security)}`);
  }
  return { scheme, ...tokenSchemes[scheme] };
}

/** An example request with the token it needs: what the code samples are made from. */
export type SampleRequest = ExampleRequest & { token: TokenScheme };

/**
 * A call that works as it stands (path and required query parameters from their examples, the
 * first body example), with the token it needs. Optional filters stay out so the call returns
 * data on any account; the docs list them under Parameters.
 */
export function exampleRequest(spec: OpenApiDocument, entry: ListedOperation): SampleRequest {
  return { ...exampleCall(spec, entry), token: tokenOf(entry.operation) };
}
