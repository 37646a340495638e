// Picks the answer for a request that passed the front's checks: the operation's first documented
// success example, or what `Prefer` asks for (`example=<name>`, `code=<status>`, `dynamic=true`).
// Documented answers come from the table Prism worked out; generated ones from Prism live.
import { MockError, errorCodes } from "./errors.js";
import { buildAnswerTable, documentedExamples, readAnswerTable } from "./answers.js";
import { loadPrism } from "./prism.js";

/**
 * @param {object} spec
 * @param {{ dynamic?: boolean, answersFile?: string }} [options]
 */
export async function createResponder(spec, { dynamic = false, answersFile } = {}) {
  let prism;
  const prismOnce = () => (prism ??= loadPrism(spec));
  const table = readAnswerTable(spec, answersFile) ?? (await buildAnswerTable(spec, await prismOnce()));
  if (dynamic) await prismOnce();
  const documented = documentedIndex(spec);

  /**
   * @param {{ operationId: string, method: string, path: string, query: Record<string, unknown>, headers: Record<string, string | string[] | undefined>, body: unknown }} request
   * @returns {Promise<import("./prism.js").Answer>}
   */
  return async function respond(request) {
    const preferences = parsePrefer(request.headers.prefer);
    if (preferences.dynamic ?? dynamic) {
      const answer = await prismOnce();
      return answer(request, { ...preferences, dynamic: true });
    }
    const statuses = documented.get(request.operationId);
    // `Prefer: example=` alone looks for that example under every documented status, success first.
    const named = preferences.code === undefined && preferences.exampleKey !== undefined ? [...statuses.byStatus].find(([, names]) => names.includes(preferences.exampleKey))?.[0] : undefined;
    const status = preferences.code === undefined ? (named ?? statuses.success) : String(preferences.code);
    const examples = statuses.byStatus.get(status);
    if (!examples) {
      throw new MockError(422, errorCodes.invalidFields, `Invalid request field(s) - Prefer: ${request.operationId} documents no ${status} answer; it documents ${[...statuses.byStatus.keys()].join(", ")}.`);
    }
    const exampleKey = preferences.exampleKey ?? examples[0];
    const answer = table.answers[`${request.operationId} ${status} ${exampleKey}`];
    if (!answer) {
      throw new MockError(422, errorCodes.invalidFields, `Invalid request field(s) - Prefer: ${request.operationId} has no ${status} example named "${exampleKey}"; it has ${examples.join(", ")}.`);
    }
    // Documented answers never change: serialise each once.
    answer.payload ??= JSON.stringify(answer.body);
    return answer;
  };
}

/** operationId → its documented statuses with their example names, and which one is the success. */
function documentedIndex(spec) {
  const index = new Map();
  for (const { operationId, status, exampleKey } of documentedExamples(spec)) {
    if (!index.has(operationId)) index.set(operationId, { success: undefined, byStatus: new Map() });
    const entry = index.get(operationId);
    if (!entry.byStatus.has(status)) entry.byStatus.set(status, []);
    entry.byStatus.get(status).push(exampleKey);
    if (status.startsWith("2") && entry.success === undefined) entry.success = status;
  }
  return index;
}

/**
 * `Prefer: code=404, example=hardBounce, dynamic=true` → the mock's per-request choices.
 * @param {string | string[] | undefined} header
 * @returns {import("./prism.js").Preferences}
 */
export function parsePrefer(header) {
  const preferences = {};
  if (!header) return preferences;
  for (const part of String(header).split(/[,;]/)) {
    const [rawKey, ...rest] = part.split("=");
    const key = rawKey?.trim().toLowerCase();
    const value = rest.join("=").trim().replace(/^"|"$/g, "");
    if (key === "code") {
      if (!/^\d{3}$/.test(value)) throw new MockError(422, errorCodes.invalidFields, `Invalid request field(s) - Prefer: code must be a three-digit HTTP status, not "${value}".`);
      preferences.code = Number(value);
    } else if (key === "example") preferences.exampleKey = value;
    else if (key === "dynamic") preferences.dynamic = value === "true";
  }
  return preferences;
}
