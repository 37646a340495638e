// Prism, in process, picks the answer for a request that passed our checks: the documented
// example (or the one named by `Prefer: example=`), another documented status with
// `Prefer: code=`, or data generated from the schema in dynamic mode.
import { createLogger } from "@stoplight/prism-core";
import { createInstance, getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { MockError, errorCodes } from "./errors.js";

export async function createResponder(spec, { dynamic = false } = {}) {
  const operations = await getHttpOperationsFromSpec(structuredClone(spec));
  const firstExamples = firstExampleNames(spec);
  const config = {
    mock: { dynamic },
    checkSecurity: false,
    validateRequest: false,
    validateResponse: false,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
  };
  const prism = createInstance(config, { logger: createLogger("postmark-mock", { level: "silent" }) });

  /**
   * @param {{ operationId: string, method: string, path: string, query: Record<string, unknown>, headers: Record<string, string | string[] | undefined>, body: unknown }} request
   * @returns {Promise<{ status: number, headers: Record<string, string>, body: unknown }>}
   */
  return async function respond(request) {
    const preferences = parsePrefer(request.headers.prefer);
    // Without `Prefer: example=`, answer with the first named example of the chosen status, as
    // the docs show it (Prism would otherwise prefer a schema-level `example`).
    if (!preferences.exampleKey && !preferences.dynamic) {
      const examples = firstExamples.get(request.operationId);
      const exampleKey = preferences.code ? examples?.get(String(preferences.code)) : examples?.get("success");
      if (exampleKey) preferences.exampleKey = exampleKey;
    }
    const requestConfig = { ...config, mock: { ...config.mock, ...preferences } };
    const input = {
      method: request.method.toLowerCase(),
      url: { path: request.path, query: request.query },
      headers: request.headers,
      body: request.body,
    };
    const result = await prism.request(input, operations, requestConfig)();
    if (result._tag === "Left") {
      const problem = result.left;
      // A Prefer asking for something the operation does not document is the caller's mistake.
      throw new MockError(422, errorCodes.invalidFields, `The mock cannot answer this request: ${problem.detail ?? problem.message ?? String(problem)}`);
    }
    const { statusCode, headers = {}, body } = result.right.output;
    return { status: statusCode, headers: /** @type {Record<string, string>} */ (headers), body };
  };
}

/** operationId → (status → name of its first example; "success" → that of the lowest 2xx). */
function firstExampleNames(spec) {
  const byOperation = new Map();
  const resolve = (node) => (node?.$ref ? resolve(node.$ref.slice(2).split("/").reduce((parent, key) => parent?.[key], spec)) : node);
  for (const pathItem of Object.values(spec.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (!operation?.operationId) continue;
      const names = new Map();
      const statuses = Object.keys(operation.responses ?? {}).sort();
      for (const status of statuses) {
        const examples = resolve(operation.responses[status])?.content?.["application/json"]?.examples;
        const first = examples && Object.keys(examples)[0];
        if (!first) continue;
        names.set(status, first);
        if (status.startsWith("2") && !names.has("success")) names.set("success", first);
      }
      byOperation.set(operation.operationId, names);
    }
  }
  return byOperation;
}

/**
 * `Prefer: code=404, example=hardBounce, dynamic=true` → Prism's per-request mock settings.
 * @param {string | string[] | undefined} header
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
