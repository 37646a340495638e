// The mock's HTTP front: it does what Postmark does before an operation runs (routing without
// regard to case, token checks, content negotiation, size limits, JSON parsing, validation) and
// hands the request to Prism for the answer. A bad request always gets a Postmark-shaped 4xx.
import { createServer } from "node:http";
import { MockError, errorCodes } from "./errors.js";
import { createResponder } from "./responder.js";
import { createRouter } from "./router.js";
import { loadSpec, operationsOf } from "./spec.js";
import { createValidators } from "./validate.js";

/**
 * @typedef {object} MockOptions
 * @property {string} [host]      default 127.0.0.1
 * @property {number} [port]      default 4010; 0 picks a free port
 * @property {string} [specPath]  the bundled spec (JSON); default: @postmark-openapi/spec
 * @property {boolean} [dynamic]  answer with data generated from the schemas instead of the examples
 * @property {string} [answersFile] the documented answers worked out at build time (dist/answers.json)
 * @property {boolean} [quiet]    no log lines
 * @property {(line: string) => void} [log]
 */

/**
 * Starts the mock and resolves once it listens.
 * @param {MockOptions} [options]
 * @returns {Promise<{ url: string, host: string, port: number, close: () => Promise<void> }>}
 */
export async function startMockServer(options = {}) {
  const { host = "127.0.0.1", port = 4010, dynamic = false, quiet = false } = options;
  const log = quiet ? () => {} : (options.log ?? ((line) => console.log(line)));
  const spec = loadSpec(options.specPath);
  const handle = createHandler({ spec, operations: operationsOf(spec), respond: await createResponder(spec, { dynamic, answersFile: options.answersFile }), log });
  const server = createServer(handle);
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  log(`Postmark mock listening on ${url} — ${spec.info.title} ${spec.info.version}, ${Object.keys(spec.paths).length} paths${dynamic ? ", dynamic answers" : ""}`);
  return {
    url,
    host: address.address,
    port: address.port,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function createHandler({ spec, operations, respond, log }) {
  const route = createRouter(operations);
  const validateRequest = createValidators(spec);

  return async function handle(request, response) {
    const started = performance.now();
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://mock.invalid");
    let status = 500;
    try {
      const answer = await answerRequest({ request, method, url, route, validateRequest, respond });
      status = answer.status;
      send(response, answer.status, answer.payload ?? serialize(answer.body), answer.headers);
    } catch (error) {
      const mockError = error instanceof MockError ? error : new MockError(422, errorCodes.invalidFields, `The mock could not handle this request: ${error instanceof Error ? error.message : String(error)}`);
      status = mockError.status;
      if (!(error instanceof MockError)) log(`mock error on ${method} ${url.pathname}: ${error instanceof Error ? error.stack : String(error)}`);
      send(response, mockError.status, serialize(mockError.body()), { ...mockError.headers, ...(mockError.status === 413 ? { connection: "close" } : {}) });
      // Anything of the body still coming is read and dropped, so the client sees the answer.
      request.resume();
    }
    log(`${method} ${url.pathname}${url.search} ${status} ${(performance.now() - started).toFixed(1)}ms`);
  };
}

async function answerRequest({ request, method, url, route, validateRequest, respond }) {
  const match = route(method, decodePath(url.pathname));
  if (!match) throw new MockError(404, errorCodes.notFound, `No Postmark endpoint matches ${method} ${url.pathname}.`);
  if ("allowed" in match) {
    throw new MockError(405, errorCodes.notFound, `${url.pathname} does not take ${method}; it takes ${match.allowed.join(", ")}.`, { allow: match.allowed.join(", ") });
  }
  const { operation, path } = match;
  checkToken(request.headers, operation);
  checkAccept(request.headers);
  const body = operation.takesBody ? await readJsonBody(request, operation) : undefined;
  const pathParams = extractPathParams(operation.path, path);
  const query = queryObject(url.searchParams);
  const { query: namedQuery } = validateRequest(operation, { pathParams, query, body });
  const answer = await respond({ operationId: operation.operationId, method, path, query: namedQuery, headers: request.headers, body });
  return answer;
}

function checkToken(headers, operation) {
  const token = headers[operation.tokenHeader];
  if (typeof token === "string" && token.trim() !== "") return;
  const kind = operation.tokenHeader.includes("account") ? "an account" : "a server";
  const other = headers[operation.otherTokenHeader];
  const reason = typeof other === "string" && other.trim() !== "" ? `it has ${operation.otherTokenHeader.includes("account") ? "an account" : "a server"} token instead, which does not work here` : "the header is missing or empty";
  throw new MockError(401, errorCodes.badToken, `${operation.operationId} needs ${kind} token in the ${headerName(operation.tokenHeader)} header; ${reason}.`);
}

function checkAccept(headers) {
  const accept = headers.accept;
  if (!accept || !/(^|,)\s*(application\/json|application\/\*|\*\/\*)\s*(;|,|$)/i.test(accept)) {
    throw new MockError(415, errorCodes.jsonRequired, `Send "Accept: application/json": Postmark answers in JSON only${accept ? `, and this request accepts "${accept}"` : " and this request has no Accept header"}.`);
  }
}

async function readJsonBody(request, operation) {
  const contentType = request.headers["content-type"];
  if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new MockError(415, errorCodes.jsonRequired, `Send the body as JSON with "Content-Type: application/json"${contentType ? `, not "${contentType}"` : "; this request has no Content-Type header"}.`);
  }
  const declared = Number(request.headers["content-length"]);
  if (declared > operation.maxBodyBytes) throw tooLarge(operation);
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > operation.maxBodyBytes) throw tooLarge(operation);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new MockError(422, errorCodes.invalidJson, `${operation.operationId} needs a JSON body, and this request has none.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MockError(422, errorCodes.invalidJson, `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

function tooLarge(operation) {
  const megabytes = operation.maxBodyBytes / 1024 / 1024;
  return new MockError(413, errorCodes.invalidEmailRequest, `The request body is larger than the ${megabytes} MB that ${operation.operationId} accepts.`);
}

function extractPathParams(template, path) {
  const names = template.split("/");
  const values = path.split("/");
  const params = {};
  names.forEach((segment, i) => {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (name) params[name] = values[i];
  });
  return params;
}

function queryObject(searchParams) {
  const query = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}

function decodePath(pathname) {
  try {
    return decodeURI(pathname);
  } catch {
    throw new MockError(404, errorCodes.notFound, `The path ${pathname} is not valid.`);
  }
}

function headerName(lowerCase) {
  return lowerCase.replace(/(^|-)([a-z])/g, (_match, dash, letter) => dash + letter.toUpperCase());
}

function serialize(body) {
  return body === undefined ? "" : JSON.stringify(body);
}

/** @param {string} payload the body, serialised */
function send(response, status, payload, headers = {}) {
  if (response.headersSent) return;
  const merged = { "content-type": "application/json; charset=utf-8" };
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== "content-type") merged[name.toLowerCase()] = value;
  merged["content-length"] = Buffer.byteLength(payload);
  response.writeHead(status, merged);
  response.end(payload);
}
