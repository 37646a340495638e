// Prism, in process and loaded on first use: given a request that passed the front's checks and
// the caller's preferences, it produces the answer the spec documents (or generates one).
import { MockError, errorCodes } from "./errors.js";

/**
 * @typedef {{ status: number, headers: Record<string, string>, body: unknown, payload?: string }} Answer
 *   `payload` is the body already serialised, when known
 * @typedef {{ code?: number, exampleKey?: string, dynamic?: boolean }} Preferences
 * @typedef {{ method: string, path: string, query?: Record<string, unknown>, headers?: Record<string, unknown>, body?: unknown }} PrismRequest
 */

/** @returns {Promise<(request: PrismRequest, preferences: Preferences) => Promise<Answer>>} */
export async function loadPrism(spec) {
  const [{ createLogger }, { createInstance, getHttpOperationsFromSpec }] = await Promise.all([import("@stoplight/prism-core"), import("@stoplight/prism-http")]);
  const operations = await getHttpOperationsFromSpec(structuredClone(spec));
  const config = {
    mock: { dynamic: false },
    checkSecurity: false,
    validateRequest: false,
    validateResponse: false,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
  };
  const prism = createInstance(config, { logger: createLogger("postmark-mock", { level: "silent" }) });

  return async function answer(request, preferences) {
    const input = {
      method: request.method.toLowerCase(),
      url: { path: request.path, query: request.query ?? {} },
      headers: request.headers ?? {},
      body: request.body,
    };
    const result = await prism.request(input, operations, { ...config, mock: { ...config.mock, ...preferences } })();
    if (result._tag === "Left") {
      const problem = result.left;
      // A Prefer asking for something the operation does not document is the caller's mistake.
      throw new MockError(422, errorCodes.invalidFields, `The mock cannot answer this request: ${problem.detail ?? problem.message ?? String(problem)}`);
    }
    const { statusCode, headers = {}, body } = result.right.output;
    return { status: statusCode, headers: /** @type {Record<string, string>} */ (headers), body };
  };
}
