// Static mode: answers a request that passed the front's checks with the operation's first
// documented success example, or what `Prefer` asks for (`example=<name>`, `code=<status>`,
// `dynamic=true`). Documented answers come from the table Prism worked out; generated ones from
// Prism live.
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import type { Answer, OperationCall, Responder } from "../protocol/call.js";
import type { Spec } from "../front/operations.js";
import { oncePerObject } from "@postmark-openapi/spec/reader";
import { closeResponseSchemas } from "@postmark-openapi/spec/close-schemas";
import { createAnswerValidator } from "../answer-schemas.js";
import { buildAnswerTable, documentedExamples, readAnswerTable } from "./answers.js";
import { loadPrism, type Preferences, type PrismAnswer } from "./prism.js";
import { repairAnswer } from "./repair.js";

interface DocumentedStatuses {
  success: string | undefined;
  byStatus: Map<string, string[]>;
}

export interface StaticResponderOptions {
  dynamic?: boolean;
  answersFile?: string;
}

export async function createStaticResponder(spec: Spec, { dynamic = false, answersFile }: StaticResponderOptions = {}): Promise<Responder> {
  let prism: Promise<PrismAnswer> | undefined;
  let generator: Promise<PrismAnswer> | undefined;
  const prismOnce = () => (prism ??= loadPrism(spec));
  // Generated answers come from the spec with its answers closed, so Prism invents fewer fields,
  // and are then checked and mended against that closed spec.
  const generatorOnce = () => (generator ??= loadPrism(closeResponseSchemas(spec)));
  let checkAnswer: ReturnType<typeof createAnswerValidator> | undefined;
  const table = readAnswerTable(spec, answersFile) ?? (await buildAnswerTable(spec, await prismOnce()));
  if (dynamic) await generatorOnce();
  const documented = documentedIndex(spec);

  async function generate(call: OperationCall, preferences: Preferences): Promise<Answer> {
    const answer = await generatorOnce();
    checkAnswer ??= createAnswerValidator(spec);
    for (let attempt = 0; attempt < 8; attempt++) {
      const generated = await answer({ method: call.method, path: call.path, query: call.query, headers: call.headers, body: call.body }, { ...preferences, dynamic: true });
      for (let round = 0; round < 4; round++) {
        const { errors } = checkAnswer(call.operationId, generated.status, generated.body);
        if (errors.length === 0) return generated;
        if (!repairAnswer(generated.body, errors)) break;
      }
    }
    // Rare: nothing generated could be mended. The documented answer is always valid.
    return documentedAnswer(call, { ...preferences, dynamic: false });
  }

  function documentedAnswer(call: OperationCall, preferences: Preferences): Answer {
    const statuses = documented.get(call.operationId);
    if (!statuses) throw new PostmarkError(422, errorCodes.invalidFields, `${call.operationId} documents no answer.`);
    // `Prefer: example=` alone looks for that example under every documented status, success first.
    const named = preferences.code === undefined && preferences.exampleKey !== undefined ? [...statuses.byStatus].find(([, names]) => names.includes(preferences.exampleKey!))?.[0] : undefined;
    const status = preferences.code === undefined ? (named ?? statuses.success ?? "200") : String(preferences.code);
    const examples = statuses.byStatus.get(status);
    if (!examples) {
      throw new PostmarkError(422, errorCodes.invalidFields, `Invalid request field(s) - Prefer: ${call.operationId} documents no ${status} answer; it documents ${[...statuses.byStatus.keys()].join(", ")}.`);
    }
    const exampleKey = preferences.exampleKey ?? examples[0]!;
    const answer = table.answers[`${call.operationId} ${status} ${exampleKey}`];
    if (!answer) {
      throw new PostmarkError(422, errorCodes.invalidFields, `Invalid request field(s) - Prefer: ${call.operationId} has no ${status} example named "${exampleKey}"; it has ${examples.join(", ")}.`);
    }
    // Documented answers never change: serialise each once.
    answer.payload ??= JSON.stringify(answer.body);
    return answer;
  }

  return async function respond(call): Promise<Answer> {
    const preferences = parsePrefer(call.headers["prefer"]);
    if (preferences.dynamic ?? dynamic) return generate(call, preferences);
    return documentedAnswer(call, preferences);
  };
}

/** operationId → its documented statuses with their example names, and which one is the success. */
const documentedIndex = oncePerObject((spec: Spec): Map<string, DocumentedStatuses> => {
  const index = new Map<string, DocumentedStatuses>();
  for (const { operationId, status, exampleKey } of documentedExamples(spec)) {
    let entry = index.get(operationId);
    if (!entry) index.set(operationId, (entry = { success: undefined, byStatus: new Map() }));
    const names = entry.byStatus.get(status) ?? [];
    names.push(exampleKey);
    entry.byStatus.set(status, names);
    if (status.startsWith("2") && entry.success === undefined) entry.success = status;
  }
  return index;
});

/** `Prefer: code=404, example=hardBounce, dynamic=true` → the mock's per-request choices. */
export function parsePrefer(header: string | undefined): Preferences {
  const preferences: Preferences = {};
  if (!header) return preferences;
  for (const part of String(header).split(/[,;]/)) {
    const [rawKey, ...rest] = part.split("=");
    const key = rawKey?.trim().toLowerCase();
    const value = rest.join("=").trim().replace(/^"|"$/g, "");
    if (key === "code") {
      if (!/^\d{3}$/.test(value)) throw new PostmarkError(422, errorCodes.invalidFields, `Invalid request field(s) - Prefer: code must be a three-digit HTTP status, not "${value}".`);
      preferences.code = Number(value);
    } else if (key === "example") preferences.exampleKey = value;
    else if (key === "dynamic") preferences.dynamic = value === "true";
  }
  return preferences;
}
