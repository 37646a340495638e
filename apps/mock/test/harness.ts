// Drives the emulator in-process through the same front the HTTP server uses, and checks every
// answer against the spec's response schema for that operation and status. Used by the
// emulator's flow and group tests.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { createEmulator, type Emulator, type EmulatorOptions } from "../src/core/emulator.js";
import { createFront } from "../src/front/front.js";
import { operationsOf, type Json } from "../src/front/operations.js";
import { loadSpec } from "../src/spec.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
export const spec = loadSpec();
const operations = operationsOf(spec);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, "spec");
const validators = new Map<string, ValidateFunction>();

/** The validator of an operation's answer with that status, from the spec. */
function responseValidator(operationId: string, status: number): ValidateFunction | undefined {
  const key = `${operationId} ${status}`;
  if (validators.has(key)) return validators.get(key);
  const operation = operations.find((entry) => entry.operationId === operationId);
  if (!operation) throw new Error(`No operation ${operationId}`);
  const responses = ((spec.paths[operation.path] as Json)[operation.method.toLowerCase()] as Json)["responses"] as Json;
  const declared = responses[String(status)] ? String(status) : undefined;
  if (!declared) return undefined;
  const pointer = `spec#/paths/${operation.path.replace(/~/g, "~0").replace(/\//g, "~1")}/${operation.method.toLowerCase()}/responses/${declared}`;
  const response = responses[declared] as Json;
  const resolved = typeof response["$ref"] === "string" ? `spec${response["$ref"] as string}` : pointer;
  const validate = ajv.compile({ $ref: `${resolved}/content/application~1json/schema` });
  validators.set(key, validate);
  return validate;
}

export interface CallOptions {
  /** the server token (default: the harness's own) */
  token?: string;
  /** send an account token instead */
  accountToken?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  // Tests read answers field by field; the schema check below has already vetted their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  operationId: string | undefined;
}

export interface Harness {
  emulator: Emulator;
  token: string;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
}

let tokens = 0;

/**
 * A fresh emulator and a server token of its own. Every answer must validate against the spec:
 * a documented status with a body that matches its schema, or the call throws.
 */
export function createHarness(options: EmulatorOptions = {}): Harness {
  const emulator = createEmulator(options);
  const front = createFront({ spec, operations, respond: emulator.respond });
  const token = `harness-token-${++tokens}`;
  return {
    emulator,
    token,
    async call(method, path, callOptions = {}) {
      const url = new URL(path, "http://mock.invalid");
      for (const [name, value] of Object.entries(callOptions.query ?? {})) url.searchParams.set(name, String(value));
      const headers: Record<string, string> = { accept: "application/json" };
      if (callOptions.accountToken !== undefined) headers["x-postmark-account-token"] = callOptions.accountToken;
      else headers["x-postmark-server-token"] = callOptions.token ?? token;
      const text = callOptions.body === undefined ? "" : typeof callOptions.body === "string" ? callOptions.body : JSON.stringify(callOptions.body);
      if (text) headers["content-type"] = "application/json";
      for (const [name, value] of Object.entries(callOptions.headers ?? {})) headers[name.toLowerCase()] = value;
      const answer = await front({ method, url: url.pathname + url.search, headers, readBody: async () => text });
      const json: unknown = answer.body ? JSON.parse(answer.body) : undefined;
      if (answer.note?.startsWith("unexpected error")) throw new Error(`${method} ${path}: ${answer.note}`);
      if (answer.operationId) {
        const validate = responseValidator(answer.operationId, answer.status);
        if (!validate) throw new Error(`${answer.operationId} answered ${answer.status}, a status the spec does not document: ${answer.body}`);
        if (!validate(json)) throw new Error(`${answer.operationId} ${answer.status} does not match the spec: ${JSON.stringify(validate.errors?.slice(0, 5))}\n${answer.body.slice(0, 2000)}`);
      }
      return { status: answer.status, json, operationId: answer.operationId };
    },
  };
}
