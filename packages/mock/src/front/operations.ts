// Reads the bundled spec into what the front needs per operation: how to find it from a request
// path the way Postmark does, which token header it takes, and whether it takes a body.
import { listOperations, resolveRef, type OpenApiDocument } from "@postmark-openapi/spec/reader";
import type { OperationId } from "../core/types.js";

export type Json = Record<string, unknown>;
/** The bundled spec: typed by the spec's tools, and open to any key (it is JSON). */
export type Spec = OpenApiDocument & Json & { info: { title: string; version: string }; paths: Record<string, Json>; components: Json };


export interface Operation {
  operationId: OperationId;
  /** upper case */
  method: string;
  /** the path template as written in the spec */
  path: string;
  tag: string;
  /** the ErrorCode a missing field of this operation's group is refused with, when its tag names one */
  missingFieldErrorCode: number | undefined;
  tokenKind: "server" | "account";
  /** lower-case header name, e.g. "x-postmark-server-token" */
  tokenHeader: string;
  otherTokenHeader: string;
  takesBody: boolean;
  bodyRequired: boolean;
  maxBodyBytes: number;
  /** path-item and operation parameters, merged and resolved */
  parameters: Json[];
  /** the operation's requestBody as written (maybe a $ref) */
  requestBody: Json | undefined;
}

export function operationsOf(spec: Spec): Operation[] {
  // The body limit of every operation that names none of its own, from the root.
  const defaultMaxBodyBytes = spec["x-postmark-max-body-bytes"];
  if (typeof defaultMaxBodyBytes !== "number") throw new Error("The spec states no x-postmark-max-body-bytes at its root");
  const missingFieldCodes = new Map(((spec["tags"] ?? []) as Json[]).map((tag) => [tag["name"] as string, tag["x-postmark-missing-field-error-code"] as number | undefined]));
  const schemes = spec.components["securitySchemes"] as Record<string, { type: string; name: string }>;
  const tokenHeaders = Object.values(schemes)
    .filter((scheme) => scheme.type === "apiKey")
    .map((scheme) => scheme.name.toLowerCase());
  return listOperations(spec).map(({ path, method, operation, parameters, securityScheme }) => {
    const tokenHeader = securityScheme ? schemes[securityScheme]?.name.toLowerCase() : undefined;
    if (!tokenHeader) throw new Error(`${String(operation["operationId"])} has no apiKey security scheme`);
    const requestBody = operation["requestBody"] as Json | undefined;
    return {
      operationId: operation["operationId"] as OperationId,
      method: method.toUpperCase(),
      path,
      tag: (operation["tags"] as string[] | undefined)?.[0] ?? "",
      missingFieldErrorCode: missingFieldCodes.get((operation["tags"] as string[] | undefined)?.[0] ?? ""),
      tokenKind: tokenHeader.includes("account") ? "account" : "server",
      tokenHeader,
      otherTokenHeader: tokenHeaders.find((header) => header !== tokenHeader) ?? "",
      takesBody: Boolean(requestBody),
      bodyRequired: Boolean(requestBody) && (resolveRef(spec, requestBody) as Json)["required"] === true,
      maxBodyBytes: typeof operation["x-postmark-max-body-bytes"] === "number" ? operation["x-postmark-max-body-bytes"] : defaultMaxBodyBytes,
      parameters,
      requestBody,
    };
  });
}
