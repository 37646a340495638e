// Prism, in process and loaded on first use: given a request that passed the front's checks and
// the caller's preferences, it produces the answer the spec documents (or generates one).
import { PostmarkError, errorCodes } from "../protocol/errors.js";
import type { Answer } from "../protocol/call.js";
import type { Spec } from "../front/operations.js";

export interface Preferences {
  code?: number;
  exampleKey?: string;
  dynamic?: boolean;
}

export interface PrismRequest {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
}

export type PrismAnswer = (request: PrismRequest, preferences: Preferences) => Promise<Answer & { body: unknown; headers: Record<string, string> }>;

interface PrismResult {
  _tag: "Left" | "Right";
  left?: { detail?: string; message?: string };
  right?: { output: { statusCode: number; headers?: Record<string, string>; body: unknown } };
}

/** Prism is an optional peer dependency: the install line that brings the versions the mock is tested with. */
export const prismInstall = "npm install --save-dev @stoplight/prism-core@5.8.0 @stoplight/prism-http@5.12.0";

/** Thrown when an answer needs Prism and it is not installed. */
export class PrismMissingError extends Error {
  constructor(cause: unknown) {
    super(`Generated answers (--dynamic, or Prefer: dynamic=true) need Prism, which is not installed. Install it next to @postmark-openapi/mock:\n  ${prismInstall}`, { cause });
    this.name = "PrismMissingError";
  }
}

async function importPrism() {
  try {
    return await Promise.all([import("@stoplight/prism-core"), import("@stoplight/prism-http")]);
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") throw new PrismMissingError(error);
    throw error;
  }
}

export async function loadPrism(spec: Spec): Promise<PrismAnswer> {
  const [{ createLogger }, { createInstance, getHttpOperationsFromSpec }] = await importPrism();
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
  // Prism's own types describe far more than the mock uses; the calls below are its documented API.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const prism = createInstance(config as any, { logger: createLogger("postmark-mock", { level: "silent" }) as any });

  return async function answer(request, preferences) {
    const input = {
      method: request.method.toLowerCase(),
      url: { path: request.path, query: request.query ?? {} },
      headers: request.headers ?? {},
      body: request.body,
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (await prism.request(input as any, operations, { ...config, mock: { ...config.mock, ...preferences } } as any)()) as unknown as PrismResult;
    if (result._tag === "Left" || !result.right) {
      const problem = result.left ?? {};
      // A Prefer asking for something the operation does not document is the caller's mistake.
      throw new PostmarkError(422, errorCodes.invalidFields, `The mock cannot answer this request: ${problem.detail ?? problem.message ?? String(problem)}`);
    }
    const { statusCode, headers = {}, body } = result.right.output;
    return { status: statusCode, headers, body };
  };
}
