// Reads a bundled OpenAPI document (Postmark's spec, or the mock API's) into what the front needs
// per operation: how to find it from a request path, which token header it takes, if any, and
// whether it takes a body.
import { listOperations, resolveRef, type OpenApiDocument } from "@postmark-openapi/spec/reader";

export type Json = Record<string, unknown>;
/** The bundled spec: typed by the spec's tools, and open to any key (it is JSON). */
export type Spec = OpenApiDocument & Json & { info: { title: string; version: string }; paths: Record<string, Json>; components: Json };


/** The token an operation needs: which kind, in which header, and the header of the other kind. */
export interface TokenRule {
  kind: "server" | "account";
  /** lower-case header name, e.g. "x-postmark-server-token" */
  header: string;
  otherHeader: string;
}

export interface Operation {
  operationId: string;
  /** upper case */
  method: string;
  /** the path template as written in the spec */
  path: string;
  tag: string;
  /** the ErrorCode a missing field of this operation's group is refused with, when its tag names one */
  missingFieldErrorCode: number | undefined;
  /** the token it needs; none for an operation that names no security scheme */
  token: TokenRule | undefined;
  takesBody: boolean;
  bodyRequired: boolean;
  maxBodyBytes: number;
  /** path-item and operation parameters, merged and resolved */
  parameters: Json[];
  /** the operation's requestBody as written (maybe a $ref) */
  requestBody: Json | undefined;
}

/**
 * Every operation of the document. The body limit of an operation that names none of its own is the
 * root's `x-postmark-max-body-bytes`, or `defaultMaxBodyBytes` for a document without one.
 */
export function operationsOf(spec: Spec, defaultMaxBodyBytes?: number): Operation[] {
  const rootLimit = spec["x-postmark-max-body-bytes"] ?? defaultMaxBodyBytes;
  if (typeof rootLimit !== "number") throw new Error("The spec states no x-postmark-max-body-bytes at its root");
  const missingFieldCodes = new Map(((spec["tags"] ?? []) as Json[]).map((tag) => [tag["name"] as string, tag["x-postmark-missing-field-error-code"] as number | undefined]));
  const schemes = (spec.components["securitySchemes"] ?? {}) as Record<string, { type: string; name: string }>;
  const tokenHeaders = Object.values(schemes)
    .filter((scheme) => scheme.type === "apiKey")
    .map((scheme) => scheme.name.toLowerCase());
  return listOperations(spec).map(({ path, method, operation, parameters, securityScheme }) => {
    const secured = (operation["security"] as unknown[] | undefined)?.length ?? 0;
    const tokenHeader = securityScheme ? schemes[securityScheme]?.name.toLowerCase() : undefined;
    if (secured > 0 && !tokenHeader) throw new Error(`${String(operation["operationId"])} has no apiKey security scheme`);
    const requestBody = operation["requestBody"] as Json | undefined;
    return {
      operationId: operation["operationId"] as string,
      method: method.toUpperCase(),
      path,
      tag: (operation["tags"] as string[] | undefined)?.[0] ?? "",
      missingFieldErrorCode: missingFieldCodes.get((operation["tags"] as string[] | undefined)?.[0] ?? ""),
      token: tokenHeader
        ? { kind: tokenHeader.includes("account") ? "account" : "server", header: tokenHeader, otherHeader: tokenHeaders.find((header) => header !== tokenHeader) ?? "" }
        : undefined,
      takesBody: Boolean(requestBody),
      bodyRequired: Boolean(requestBody) && (resolveRef(spec, requestBody) as Json)["required"] === true,
      maxBodyBytes: typeof operation["x-postmark-max-body-bytes"] === "number" ? operation["x-postmark-max-body-bytes"] : rootLimit,
      parameters,
      requestBody,
    };
  });
}
