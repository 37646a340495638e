// The mock's front: what Postmark does before an operation runs (routing without regard to case,
// token checks, content negotiation, size limits, JSON parsing, validation). It knows nothing of
// Node's HTTP server, so the same front serves HTTP and in-process callers. It serves any OpenAPI
// document with a policy: Postmark's API (its binding, its tokens, JSON only) and the mock's own
// API (bodies as sent, no token) go through the same code. A bad request always gets a
// Postmark-shaped 4xx; the operation itself is answered by a responder (the emulator, the mock
// API, or the documented examples in static mode).
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import type { Answer, OperationCall, Responder } from "../protocol/call.js";
import { parseJsonKeepingLiterals } from "./json-numbers.js";
import { operationsOf, type Operation, type Spec } from "./operations.js";
import { createRouter } from "./router.js";
import { parseTarget } from "./target.js";
import { maxJsonDepth, nestsDeeperThan } from "./json-depth.js";
import { setOwn } from "../protocol/own-key.js";
import { createValidators, type ValidatedRequest, type ValidationPolicy } from "./validate.js";

export interface FrontRequest {
  method: string;
  /** path and query, as sent */
  url: string;
  /** header names in lower case */
  headers: Record<string, string | undefined>;
  /** reads the body as text; throws a PostmarkError 413 beyond `maxBytes` */
  readBody(maxBytes: number): Promise<string>;
  /** aborted when the client goes away before its answer */
  signal?: AbortSignal;
}


export interface FrontResponse {
  status: number;
  headers: Record<string, string>;
  /** the body as it goes out (JSON text, or another media type named by the content-type header) */
  body: string | Uint8Array;
  /** a stream of server-sent events, in place of a body */
  events?: (send: (frame: string) => void) => () => void;
  /** what the request log line should add, e.g. fields that were ignored */
  note?: string;
  operationId?: string;
}

const jsonType = "application/json; charset=utf-8";

/** How the front serves one API. */
export interface FrontPolicy extends ValidationPolicy {
  /** what the API's operations are called in a 404, e.g. "Postmark endpoint" */
  endpointName: string;
  /** Postmark answers only requests that accept JSON (415 otherwise) */
  requireJsonAccept: boolean;
  /** any body must be JSON and say so, even where the operation takes none (415 otherwise) */
  jsonBodiesOnly: boolean;
  /** the body limit of operations whose document names none */
  defaultMaxBodyBytes?: number;
  /** what a path with an empty segment inside it (`/a//b`) finds: Postmark skips the empty segment */
  emptySegments: "skip" | "refuse";
}

/** Postmark's API as Postmark serves it. */
export const postmarkPolicy: FrontPolicy = {
  endpointName: "Postmark endpoint",
  postmarkBinding: true,
  parameterDefaults: false,
  pathMismatchNotFound: false,
  requireJsonAccept: true,
  jsonBodiesOnly: false,
  emptySegments: "skip",
};

/** The mock's own API: no token, bodies checked as sent, defaults filled in. */
export const mockApiPolicy: FrontPolicy = {
  endpointName: "mock API endpoint",
  postmarkBinding: false,
  parameterDefaults: true,
  pathMismatchNotFound: true,
  requireJsonAccept: false,
  // A page on another origin cannot send JSON that says so without a CORS preflight.
  jsonBodiesOnly: true,
  defaultMaxBodyBytes: 25 * 1024 * 1024,
  emptySegments: "refuse",
};

export interface FrontOptions<Id extends string> {
  /** the bundled OpenAPI document of the API */
  document: Spec;
  policy: FrontPolicy;
  respond: Responder<Id>;
}

export function createFront<Id extends string>(options: FrontOptions<Id>): (request: FrontRequest) => Promise<FrontResponse> {
  const { policy } = options;
  const route = createRouter(operationsOf(options.document, policy.defaultMaxBodyBytes), { emptySegments: policy.emptySegments });
  const validateRequest = createValidators(options.document, policy);

  async function answer(request: FrontRequest, seen: { note?: string; operationId?: string }): Promise<FrontResponse> {
    const url = parseTarget(request.url);
    if (!url) throw new PostmarkError(404, errorCodes.notFound, `The request target ${JSON.stringify(request.url.slice(0, 200))} is not a path.`);
    // HEAD is answered wherever GET is, as HTTP servers do; the adapter leaves the body out.
    const method = request.method.toUpperCase() === "HEAD" ? "GET" : request.method.toUpperCase();
    if (policy.jsonBodiesOnly && hasBody(request.headers)) requireJsonContent(request.headers);
    const match = route(method, decodePath(url.pathname));
    if (!match) throw new PostmarkError(404, errorCodes.notFound, `No ${policy.endpointName} matches ${method} ${url.pathname}.`);
    if ("allowed" in match) {
      throw new PostmarkError(405, errorCodes.notFound, `${url.pathname} does not take ${method}; it takes ${match.allowed.join(", ")}.`, { allow: match.allowed.join(", ") });
    }
    const { operation, path, pathParams } = match;
    const token = operation.token ? checkToken(request.headers, operation.operationId, operation.token) : "";
    if (policy.requireJsonAccept) checkAccept(request.headers);
    const body = operation.takesBody ? await readJsonBody(request, operation) : undefined;
    seen.operationId = operation.operationId;
    const validated = validateRequest(operation, { pathParams, query: url.search === "" ? {} : queryObject(url.searchParams), body });
    if (validated.ignoredFields.length > 0) seen.note = `ignored field(s) ${validated.ignoredFields.join(", ")}`;
    const result = await options.respond(new FrontCall(request, operation.operationId as Id, method, path, validated, operation.token?.kind ?? "none", token));
    // A JSON answer is labelled as JSON whatever a responder said; another media type names itself.
    const json = result.raw === undefined && result.events === undefined;
    const headers = answerHeaders(result.headers);
    if (json) headers["content-type"] = jsonType;
    return {
      status: result.status,
      headers,
      body: result.raw ?? result.payload ?? (result.body === undefined ? "" : JSON.stringify(result.body)),
      ...(result.events ? { events: result.events } : {}),
      operationId: operation.operationId,
      ...(seen.note ? { note: seen.note } : {}),
    };
  }

  return async function handle(request) {
    const seen: { note?: string; operationId?: string } = {};
    try {
      return await answer(request, seen);
    } catch (error) {
      // What went wrong inside stays in the log: the client learns only that this request failed.
      const refusal = error instanceof PostmarkError ? error : unexpectedFailure();
      const response: FrontResponse = { status: refusal.status, headers: answerHeaders(refusal.headers), body: JSON.stringify(refusal.body()), ...(seen.operationId ? { operationId: seen.operationId } : {}) };
      if (seen.note) response.note = seen.note;
      if (!(error instanceof PostmarkError)) response.note = `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      return response;
    }
  };
}

/**
 * A call as the front hands it to its responder. Its signal is read through the request only when
 * a handler listens for it (a long poll), so an adapter may make it then; the getter is the
 * class's, so every call has one shape (a getter written in each call's literal would make each
 * one an object of its own shape).
 */
class FrontCall<Id extends string> implements OperationCall<Id> {
  readonly operationId: Id;
  readonly method: string;
  readonly path: string;
  readonly pathParams: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  readonly headers: FrontRequest["headers"];
  readonly tokenKind: OperationCall["tokenKind"];
  readonly token: string;
  readonly #request: FrontRequest;
  constructor(request: FrontRequest, operationId: Id, method: string, path: string, validated: ValidatedRequest, tokenKind: OperationCall["tokenKind"], token: string) {
    this.#request = request;
    this.operationId = operationId;
    this.method = method;
    this.path = path;
    this.pathParams = validated.pathParams;
    this.query = validated.query;
    this.body = validated.body;
    this.headers = request.headers;
    this.tokenKind = tokenKind;
    this.token = token;
  }
  get signal(): AbortSignal | undefined {
    return this.#request.signal;
  }
}

/** An answer's headers with names in lower case, JSON's content type unless they name another. */
function answerHeaders(given: Record<string, string> | undefined): Record<string, string> {
  const headers: Record<string, string> = { "content-type": jsonType };
  if (given) for (const name of Object.keys(given)) headers[name.toLowerCase()] = given[name]!;
  return headers;
}

function checkToken(headers: FrontRequest["headers"], operationId: string, rule: NonNullable<Operation["token"]>): string {
  const token = headers[rule.header];
  if (typeof token === "string" && token.trim() !== "") return token.trim();
  const kind = rule.kind === "account" ? "an account" : "a server";
  const other = headers[rule.otherHeader];
  const reason =
    typeof other === "string" && other.trim() !== ""
      ? `it has ${rule.otherHeader.includes("account") ? "an account" : "a server"} token instead, which does not work here`
      : "the header is missing or empty";
  throw new PostmarkError(401, errorCodes.badToken, `${operationId} needs ${kind} token in the ${headerName(rule.header)} header; ${reason}.`);
}

/** Whether the request carries a body (a length above zero, or a chunked one). */
function hasBody(headers: FrontRequest["headers"]): boolean {
  const length = headers["content-length"];
  if (length !== undefined) return Number(length) > 0;
  return headers["transfer-encoding"] !== undefined;
}

function isJsonType(contentType: string | undefined): boolean {
  return Boolean(contentType && /^application\/json\s*(;|$)/i.test(contentType));
}

function requireJsonContent(headers: FrontRequest["headers"]): void {
  const contentType = headers["content-type"];
  if (isJsonType(contentType)) return;
  throw new PostmarkError(415, errorCodes.jsonRequired, `Send the body as JSON with "Content-Type: application/json"${contentType ? `, not "${contentType}"` : "; this request has no Content-Type header"}.`, { connection: "close" });
}

function checkAccept(headers: FrontRequest["headers"]): void {
  const accept = headers["accept"];
  if (!accept || !/(^|,)\s*(application\/json|application\/\*|\*\/\*)\s*(;|,|$)/i.test(accept)) {
    throw new PostmarkError(415, errorCodes.jsonRequired, `Send "Accept: application/json": Postmark answers in JSON only${accept ? `, and this request accepts "${accept}"` : " and this request has no Accept header"}.`);
  }
}

async function readJsonBody(request: FrontRequest, operation: Operation): Promise<unknown> {
  const contentType = request.headers["content-type"];
  const isJson = isJsonType(contentType);
  const mayBeEmpty = !operation.bodyRequired;
  const refuseType = () =>
    new PostmarkError(415, errorCodes.jsonRequired, `Send the body as JSON with "Content-Type: application/json"${contentType ? `, not "${contentType}"` : "; this request has no Content-Type header"}.`);
  // An optional body may simply be left out (postmark.js sends `{}` on some of these, curl nothing).
  if (!isJson && !mayBeEmpty) throw refuseType();
  if (Number(request.headers["content-length"] ?? "0") > operation.maxBodyBytes) throw tooLarge(operation);
  const text = await request.readBody(operation.maxBodyBytes);
  if (text.trim() === "") {
    if (mayBeEmpty) return undefined;
    throw new PostmarkError(422, errorCodes.invalidJson, `${operation.operationId} needs a JSON body, and this request has none.`);
  }
  if (!isJson) throw refuseType();
  if (nestsDeeperThan(text)) throw new PostmarkError(422, errorCodes.invalidJson, `The request body nests objects and arrays more than ${maxJsonDepth} levels deep.`);
  try {
    const parsed = parseJsonKeepingLiterals(text);
    return mayBeEmpty && parsed === null ? undefined : parsed;
  } catch (error) {
    throw new PostmarkError(422, errorCodes.invalidJson, `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** The answer to a request the mock failed on for a reason of its own: a 4xx that names no internals. */
export function unexpectedFailure(): PostmarkError {
  return new PostmarkError(422, errorCodes.invalidFields, "The local Postmark could not handle this request; its log says why.");
}

export function tooLarge(operation: Pick<Operation, "maxBodyBytes" | "operationId">): PostmarkError {
  const megabytes = operation.maxBodyBytes / 1024 / 1024;
  return new PostmarkError(413, errorCodes.invalidEmailRequest, `The request body is larger than the ${megabytes} MB that ${operation.operationId} accepts.`);
}

function queryObject(searchParams: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    setOwn(query, key, values.length === 1 ? values[0]! : values);
  }
  return query;
}

function decodePath(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    throw new PostmarkError(404, errorCodes.notFound, `The path ${pathname} is not valid.`);
  }
}

function headerName(lowerCase: string): string {
  return lowerCase.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}
