// The mock's front: what Postmark does before an operation runs (routing without regard to case,
// token checks, content negotiation, size limits, JSON parsing, validation). It knows nothing of
// Node's HTTP server, so the same front serves HTTP and in-process callers. A bad request always
// gets a Postmark-shaped 4xx; the operation itself is answered by a responder (the emulator, or
// the documented examples in static mode).
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import type { Answer, OperationCall, Responder } from "../protocol/call.js";
import { parseJsonKeepingLiterals } from "./json-numbers.js";
import type { Operation, Spec } from "./operations.js";
import { createRouter } from "./router.js";
import { parseTarget } from "./target.js";
import { maxJsonDepth, nestsDeeperThan } from "./json-depth.js";
import { setOwn } from "../protocol/own-key.js";
import { createValidators } from "./validate.js";

export interface FrontRequest {
  method: string;
  /** path and query, as sent */
  url: string;
  /** header names in lower case */
  headers: Record<string, string | undefined>;
  /** reads the body as text; throws a PostmarkError 413 beyond `maxBytes` */
  readBody(maxBytes: number): Promise<string>;
}


export interface FrontResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** what the request log line should add, e.g. fields that were ignored */
  note?: string;
  operationId?: string;
}

export interface FrontOptions {
  spec: Spec;
  operations: Operation[];
  respond: Responder;
}

export function createFront(options: FrontOptions): (request: FrontRequest) => Promise<FrontResponse> {
  const route = createRouter(options.operations);
  const validateRequest = createValidators(options.spec);

  async function answer(request: FrontRequest, seen: { note?: string; operationId?: string }): Promise<FrontResponse> {
    const url = parseTarget(request.url);
    if (!url) throw new PostmarkError(404, errorCodes.notFound, `The request target ${JSON.stringify(request.url.slice(0, 200))} is not a path.`);
    // HEAD is answered wherever GET is, as HTTP servers do; the adapter leaves the body out.
    const method = request.method.toUpperCase() === "HEAD" ? "GET" : request.method.toUpperCase();
    const match = route(method, decodePath(url.pathname));
    if (!match) throw new PostmarkError(404, errorCodes.notFound, `No Postmark endpoint matches ${method} ${url.pathname}.`);
    if ("allowed" in match) {
      throw new PostmarkError(405, errorCodes.notFound, `${url.pathname} does not take ${method}; it takes ${match.allowed.join(", ")}.`, { allow: match.allowed.join(", ") });
    }
    const { operation, path, pathParams } = match;
    const token = checkToken(request.headers, operation);
    checkAccept(request.headers);
    const body = operation.takesBody ? await readJsonBody(request, operation) : undefined;
    seen.operationId = operation.operationId;
    const validated = validateRequest(operation, { pathParams, query: queryObject(url.searchParams), body });
    if (validated.ignoredFields.length > 0) seen.note = `ignored field(s) ${validated.ignoredFields.join(", ")}`;
    const result = await options.respond({
      operationId: operation.operationId,
      method,
      path,
      pathParams: validated.pathParams,
      query: validated.query,
      body: validated.body,
      headers: request.headers,
      tokenKind: operation.tokenKind,
      token,
    });
    return {
      status: result.status,
      headers: result.headers ?? {},
      body: result.payload ?? (result.body === undefined ? "" : JSON.stringify(result.body)),
      operationId: operation.operationId,
      ...(seen.note ? { note: seen.note } : {}),
    };
  }

  return async function handle(request) {
    let response: FrontResponse;
    const seen: { note?: string; operationId?: string } = {};
    try {
      response = await answer(request, seen);
    } catch (error) {
      // What went wrong inside stays in the log: the client learns only that this request failed.
      const refusal = error instanceof PostmarkError ? error : unexpectedFailure();
      response = { status: refusal.status, headers: refusal.headers, body: JSON.stringify(refusal.body()), ...(seen.operationId ? { operationId: seen.operationId } : {}) };
      if (seen.note) response.note = seen.note;
      if (!(error instanceof PostmarkError)) response.note = `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    }
    const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
    for (const [name, value] of Object.entries(response.headers)) if (name.toLowerCase() !== "content-type") headers[name.toLowerCase()] = value;
    return { ...response, headers };
  };
}

function checkToken(headers: FrontRequest["headers"], operation: Operation): string {
  const token = headers[operation.tokenHeader];
  if (typeof token === "string" && token.trim() !== "") return token.trim();
  const kind = operation.tokenKind === "account" ? "an account" : "a server";
  const other = headers[operation.otherTokenHeader];
  const reason =
    typeof other === "string" && other.trim() !== ""
      ? `it has ${operation.otherTokenHeader.includes("account") ? "an account" : "a server"} token instead, which does not work here`
      : "the header is missing or empty";
  throw new PostmarkError(401, errorCodes.badToken, `${operation.operationId} needs ${kind} token in the ${headerName(operation.tokenHeader)} header; ${reason}.`);
}

function checkAccept(headers: FrontRequest["headers"]): void {
  const accept = headers["accept"];
  if (!accept || !/(^|,)\s*(application\/json|application\/\*|\*\/\*)\s*(;|,|$)/i.test(accept)) {
    throw new PostmarkError(415, errorCodes.jsonRequired, `Send "Accept: application/json": Postmark answers in JSON only${accept ? `, and this request accepts "${accept}"` : " and this request has no Accept header"}.`);
  }
}

async function readJsonBody(request: FrontRequest, operation: Operation): Promise<unknown> {
  const contentType = request.headers["content-type"];
  const isJson = Boolean(contentType && /^application\/json\s*(;|$)/i.test(contentType));
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
