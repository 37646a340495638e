// Drives the emulator in-process through the same front the HTTP server uses, and checks every
// answer against the spec's response schema for that operation and status. Used by the
// emulator's flow and group tests.
import { createAnswerValidator } from "../src/answer-schemas.js";
import { createEmulator, type Emulator, type EmulatorOptions } from "../src/core/emulator.js";
import { createMemoryStore, type MemoryStore } from "../src/core/store/memory-store.js";
import { createFront, postmarkPolicy } from "../src/front/front.js";
import type { OperationId } from "../src/protocol/spec-types.js";
import { loadSpec } from "../src/spec.js";

export const spec = loadSpec();
const checkAnswer = createAnswerValidator(spec);

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
  /** the emulator's store, for tests that put records straight in or read them */
  store: MemoryStore;
  token: string;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
}

let tokens = 0;

/**
 * A fresh emulator and a server token of its own. Every answer must validate against the spec:
 * a documented status with a body that matches its schema, or the call throws. Its store freezes
 * every record, so a rule that changes a stored record in place fails here.
 */
export function createHarness(options: EmulatorOptions = {}): Harness {
  const store = createMemoryStore({ freezeRecords: true });
  const emulator = createEmulator({ store, ...options });
  const front = createFront<OperationId>({ document: spec, policy: postmarkPolicy, respond: emulator.respond });
  const token = `harness-token-${++tokens}`;
  return {
    emulator,
    store,
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
      const json: unknown = answer.body ? JSON.parse(String(answer.body)) : undefined;
      if (answer.note?.startsWith("unexpected error")) throw new Error(`${method} ${path}: ${answer.note}`);
      if (answer.operationId) {
        const { documented, errors } = checkAnswer(answer.operationId, answer.status, json);
        if (!documented) throw new Error(`${answer.operationId} answered ${answer.status}, a status the spec does not document: ${answer.body}`);
        if (errors.length > 0) throw new Error(`${answer.operationId} ${answer.status} does not match the spec: ${JSON.stringify(errors.slice(0, 5))}\n${answer.body.slice(0, 2000)}`);
      }
      return { status: answer.status, json, operationId: answer.operationId };
    },
  };
}
