// The documented answers, worked out by Prism once per operation, status and example and then
// served from a table: Prism's static answers depend only on those three, and looking them up
// is far cheaper than asking Prism per request. The table is written at build time
// (dist/answers.json) and rebuilt at start-up when it does not match the spec.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { listOperations, resolveRef } from "@postmark-openapi/spec/tools";

export const answersFile = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "answers.json");

export function specHash(spec) {
  return createHash("sha256").update(JSON.stringify(spec)).digest("hex");
}

/** Every (operation, status, example) the spec documents, in document order. */
export function documentedExamples(spec) {
  const entries = [];
  for (const { path, method, operation } of listOperations(spec)) {
    for (const status of Object.keys(operation.responses ?? {}).sort()) {
      const examples = resolveRef(spec, operation.responses[status])?.content?.["application/json"]?.examples ?? {};
      for (const exampleKey of Object.keys(examples)) entries.push({ operationId: operation.operationId, method, path, status, exampleKey });
    }
  }
  return entries;
}

/**
 * Asks Prism for every documented answer.
 * @param {object} spec
 * @param {(request: import("./prism.js").PrismRequest, preferences: import("./prism.js").Preferences) => Promise<import("./prism.js").Answer>} answer
 */
export async function buildAnswerTable(spec, answer) {
  const answers = {};
  for (const { operationId, method, path, status, exampleKey } of documentedExamples(spec)) {
    // Static answers do not depend on the request's values: any concrete path will do.
    const concretePath = path.replace(/\{[^}]+\}/g, "1");
    answers[`${operationId} ${status} ${exampleKey}`] = await answer({ method, path: concretePath }, { code: Number(status), exampleKey });
  }
  return { specSha256: specHash(spec), answers };
}

/** The table written at build time, if it was made from this very spec. */
export function readAnswerTable(spec, file = answersFile) {
  if (!existsSync(file)) return undefined;
  const table = JSON.parse(readFileSync(file, "utf8"));
  return table.specSha256 === specHash(spec) ? table : undefined;
}
