// The documented answers, worked out by Prism once per operation, status and example and then
// served from a table: Prism's static answers depend only on those three, and looking them up
// is far cheaper than asking Prism per request. The table is written at build time
// (dist/answers.json) and rebuilt at start-up when it does not match the spec.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { listOperations, oncePerObject, resolveRef } from "@postmark-openapi/spec/tools";
import type { Answer } from "../protocol/call.js";
import type { Json, Spec } from "../front/operations.js";
import type { PrismAnswer } from "./prism.js";

/** dist/answers.json of this package, whether this module runs compiled (dist/src/static) or from source (src/static). */
const packageOrDist = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const answersFile = basename(packageOrDist) === "dist" ? join(packageOrDist, "answers.json") : join(packageOrDist, "dist", "answers.json");

export interface AnswerTable {
  specSha256: string;
  answers: Record<string, Answer>;
}

export interface DocumentedExample {
  operationId: string;
  method: string;
  path: string;
  status: string;
  exampleKey: string;
}

/** Hashed once per document object: each mock started on a document checks the table against it. */
export const specHash: (spec: Spec) => string = oncePerObject((spec: Spec) => createHash("sha256").update(JSON.stringify(spec)).digest("hex"));

/** Every (operation, status, example) the spec documents, in document order. */
export function documentedExamples(spec: Spec): DocumentedExample[] {
  const entries: DocumentedExample[] = [];
  for (const { path, method, operation } of listOperations(spec)) {
    const responses = (operation["responses"] ?? {}) as Record<string, unknown>;
    for (const status of Object.keys(responses).sort()) {
      const response = resolveRef(spec, responses[status]) as Json | undefined;
      const media = (response?.["content"] as Json | undefined)?.["application/json"] as Json | undefined;
      for (const exampleKey of Object.keys((media?.["examples"] as Json | undefined) ?? {})) {
        entries.push({ operationId: operation["operationId"] as string, method, path, status, exampleKey });
      }
    }
  }
  return entries;
}

/** Asks Prism for every documented answer. */
export async function buildAnswerTable(spec: Spec, answer: PrismAnswer): Promise<AnswerTable> {
  const answers: Record<string, Answer> = {};
  for (const { operationId, method, path, status, exampleKey } of documentedExamples(spec)) {
    // Static answers do not depend on the request's values: any concrete path will do.
    const concretePath = path.replace(/\{[^}]+\}/g, "1");
    answers[`${operationId} ${status} ${exampleKey}`] = await answer({ method, path: concretePath }, { code: Number(status), exampleKey });
  }
  return { specSha256: specHash(spec), answers };
}

/** The table written at build time, if it was made from this very spec. */
export function readAnswerTable(spec: Spec, file: string = answersFile): AnswerTable | undefined {
  if (!existsSync(file)) return undefined;
  const table = JSON.parse(readFileSync(file, "utf8")) as AnswerTable;
  return table.specSha256 === specHash(spec) ? table : undefined;
}
