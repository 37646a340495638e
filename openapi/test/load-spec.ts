// Loads the bundled spec and the committed operations table for the spec tests.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBundledSpec as loadSpecFile, resolveRef } from "../lib/spec-tools.js";

export const specDir = join(dirname(fileURLToPath(import.meta.url)), "..");

export type JsonObject = { [key: string]: unknown };

export function loadBundledSpec(): JsonObject {
  return loadSpecFile() as JsonObject;
}

export const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

export interface Operation {
  method: string;
  path: string;
  operation: JsonObject;
  pathItem: JsonObject;
}

/** Every operation of a `paths` or `webhooks` map, in document order. */
export function operationsOf(pathMap: unknown): Operation[] {
  const result: Operation[] = [];
  for (const [path, pathItem] of Object.entries((pathMap ?? {}) as Record<string, JsonObject>)) {
    for (const method of httpMethods) {
      const operation = pathItem[method];
      if (operation) result.push({ method, path, operation: operation as JsonObject, pathItem });
    }
  }
  return result;
}

export interface TableRow {
  method: string;
  path: string;
  operationId: string;
  tag: string;
  auth: string;
  deprecated: boolean;
}

export function loadOperationsTable(): TableRow[] {
  const text = readFileSync(join(specDir, "test", "operations.md"), "utf8");
  return text
    .split("\n")
    .filter((line) => /^\| [A-Z]+ \| \//.test(line))
    .map((line) => {
      const [method, path, operationId, tag, auth, deprecated] = line.split("|").slice(1, -1).map((cell) => cell.trim());
      return { method: method!, path: path!, operationId: operationId!, tag: tag!, auth: auth!, deprecated: deprecated === "yes" };
    });
}

/** Follows a local `$ref` ("#/components/…") inside the bundled document. */
export function resolveLocal(doc: JsonObject, value: unknown): unknown {
  return resolveRef(doc, value);
}

export function isRef(value: unknown): value is { $ref: string } {
  return typeof value === "object" && value !== null && typeof (value as JsonObject).$ref === "string";
}

export function getPointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) throw new Error(`Not a local reference: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/").filter((part, index) => part !== "" || index > 0)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !(key in node)) return undefined;
    node = (node as JsonObject)[key];
  }
  return node;
}

export function pointerOf(...segments: (string | number)[]): string {
  return "#/" + segments.map((segment) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}
