// Checks one exchange with Postmark's real API against the spec, with the mock's own checks: the
// request goes through the front (routing, token, JSON, binding, validation) with a responder that
// only says "accepted", and the answer through the answer validator (closed schemas: a field the
// spec does not name is a finding). Each finding says what kind of mismatch it is and where.
// Portable: no Node imports.
import type { ErrorObject } from "ajv/dist/2020.js";
import { createAnswerValidator } from "../answer-schemas.js";
import { createFront, postmarkPolicy } from "../front/front.js";
import { operationsOf, type Spec } from "../front/operations.js";
import { createRouter } from "../front/router.js";
import { parseTarget, safeDecode } from "../front/target.js";
import { documentedErrorCodes } from "./error-codes.js";
import type { Finding, MismatchKind } from "./mismatches.js";

export interface Exchange {
  method: string;
  /** path and query, as sent */
  url: string;
  /** header names in lower case */
  requestHeaders: Record<string, string | undefined>;
  requestBody: string;
  status: number;
  /** header names in lower case */
  responseHeaders: Record<string, string | undefined>;
  /** the answer's body, decoded from any content encoding */
  responseBody: string;
}

export interface CheckResult {
  /** the operation the request matched, if any */
  operationId: string | undefined;
  findings: Finding[];
}

export type SpecCheck = (exchange: Exchange) => Promise<CheckResult>;

/** The status the checking front's responder answers with: nothing real uses it. */
const acceptedStatus = 299;

export function createSpecCheck(spec: Spec): SpecCheck {
  const route = createRouter(operationsOf(spec), { emptySegments: "skip" });
  const checkAnswer = createAnswerValidator(spec);
  const errorCodesOf = documentedErrorCodes(spec);
  const front = createFront({ document: spec, policy: postmarkPolicy, respond: () => ({ status: acceptedStatus }) });

  return async function check(exchange) {
    const findings: Finding[] = [];
    const method = exchange.method.toUpperCase() === "HEAD" ? "GET" : exchange.method.toUpperCase();
    const target = parseTarget(exchange.url);
    const match = target ? route(method, safeDecode(target.pathname)) : undefined;
    const accepted = exchange.status >= 200 && exchange.status < 300;
    if (!match || "allowed" in match) {
      if (accepted) findings.push({ kind: "UndocumentedOperation", field: null, message: `the upstream answered ${exchange.status} to ${method} ${target?.pathname ?? exchange.url}, which the spec does not have` });
      return { operationId: undefined, findings };
    }
    const operationId = match.operation.operationId;

    if (accepted) {
      const refusal = await front({ method: exchange.method, url: exchange.url, headers: exchange.requestHeaders, readBody: async () => exchange.requestBody });
      if (refusal.status !== acceptedStatus) {
        const reason = messageOf(textOf(refusal.body));
        findings.push({ kind: "AcceptedInvalidRequest", field: null, message: `the upstream answered ${exchange.status} to a ${operationId} request the spec refuses (${refusal.status}${reason ? `: ${reason}` : ""})` });
      }
    }

    const body = parseBody(exchange);
    const answer = checkAnswer(operationId, exchange.status, body.value);
    if (!answer.documented) {
      findings.push({ kind: "UndocumentedStatus", field: null, message: `${operationId} answered ${exchange.status}, a status the spec does not list for it` });
    } else if (body.problem) {
      findings.push({ kind: "WrongType", field: null, message: `the ${exchange.status} answer of ${operationId} ${body.problem}` });
    } else {
      for (const error of significant(answer.errors)) findings.push(finding(error, exchange.status, operationId));
    }

    const errorCode = (body.value as { ErrorCode?: unknown } | undefined)?.ErrorCode;
    if (!accepted && typeof errorCode === "number" && !errorCodesOf.get(operationId)?.has(errorCode)) {
      findings.push({ kind: "UndocumentedErrorCode", field: "ErrorCode", message: `${operationId} answered ${exchange.status} with ErrorCode ${errorCode}, which the spec does not document for it` });
    }
    return { operationId, findings };
  };
}

/** The answer's JSON, or what is wrong with it when a JSON answer is expected. */
function parseBody(exchange: Exchange): { value: unknown; problem?: string } {
  const text = exchange.responseBody;
  if (text.trim() === "") return { value: undefined };
  const contentType = exchange.responseHeaders["content-type"] ?? "";
  if (!/json/i.test(contentType)) return { value: undefined, problem: `is ${contentType || "of no content type"}, not JSON` };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { value: undefined, problem: "is not valid JSON" };
  }
}

/**
 * The errors that say what is wrong, without the ones a schema's alternatives add: a failed
 * anyOf/oneOf repeats its branches' failures, and the branch `null` of a nullable field fails with
 * "must be null" beside the real problem. Kept: for each place, the errors found deepest.
 */
function significant(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((error) => error.keyword !== "anyOf" && error.keyword !== "oneOf" && error.keyword !== "if");
  const explained = (error: ErrorObject) =>
    error.keyword === "type" &&
    kept.some((other) => other !== error && other.keyword !== "type" && (other.instancePath === error.instancePath || other.instancePath.startsWith(`${error.instancePath}/`)));
  const unique = new Map<string, ErrorObject>();
  for (const error of kept.filter((error) => !explained(error))) {
    const key = `${kindOf(error)} ${fieldOf(error)}`;
    if (!unique.has(key)) unique.set(key, error);
  }
  if (unique.size > 0) return [...unique.values()];
  // Only alternatives failed (no branch said more): the summary is the finding.
  return errors.slice(0, 1);
}

function kindOf(error: ErrorObject): MismatchKind {
  if (error.keyword === "additionalProperties" || error.keyword === "unevaluatedProperties") return "UndocumentedField";
  if (error.keyword === "required") return "MissingField";
  if (error.keyword === "type") return "WrongType";
  return "InvalidValue";
}

function finding(error: ErrorObject, status: number, operationId: string): Finding {
  const kind = kindOf(error);
  const field = fieldOf(error);
  const where = `the ${status} answer of ${operationId}`;
  switch (kind) {
    case "UndocumentedField":
      return { kind, field, message: `${where} has the field ${field}, which the spec does not name` };
    case "MissingField":
      return { kind, field, message: `${where} lacks the required field ${field}` };
    default:
      return { kind, field, message: `${where}: ${field ?? "the body"} ${error.message ?? "is invalid"}` };
  }
}

/** The field an error is about, written as a reader would (`Bounces[0].Type`); null for the whole body. */
function fieldOf(error: ErrorObject): string | null {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  const params = error.params as { missingProperty?: string; additionalProperty?: string; unevaluatedProperty?: string };
  const extra = params.missingProperty ?? params.additionalProperty ?? params.unevaluatedProperty;
  if (extra !== undefined) segments.push(extra);
  const name = segments.reduce((text, segment) => (/^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), "");
  return name === "" ? null : name;
}

function textOf(body: string | Uint8Array): string {
  return typeof body === "string" ? body : new TextDecoder().decode(body);
}

function messageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { Message?: unknown };
    return typeof parsed.Message === "string" ? parsed.Message : "";
  } catch {
    return "";
  }
}
