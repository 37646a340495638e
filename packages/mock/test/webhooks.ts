// For webhook tests: a receiver on 127.0.0.1 that records what is posted to it and answers as
// told, and a check of payloads against the spec's `webhooks` schemas (closed, so an extra field
// is an error too).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { closeResponseSchemas } from "@postmark-openapi/spec/close-schemas";
import { spec } from "./harness.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface ReceivedPost {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one post: a status (with an optional body), or never. */
export type ReceiverAnswer = number | { status: number; body: string } | "hang";

export interface Receiver {
  url: string;
  posts: ReceivedPost[];
  /** answers for the next posts, in order; after them every post gets 200 */
  answers: ReceiverAnswer[];
  /** resolves once `count` posts have arrived */
  waitForPosts(count: number, timeoutMs?: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const posts: ReceivedPost[] = [];
  const answers: ReceiverAnswer[] = [];
  const hanging: ServerResponse[] = [];
  let notify = () => {};
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      posts.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      notify();
      const answer = receiver.answers.shift() ?? 200;
      if (answer === "hang") {
        hanging.push(response);
        return;
      }
      const { status, body } = typeof answer === "number" ? { status: answer, body: `answered ${answer}` } : answer;
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}`,
    posts,
    answers,
    waitForPosts(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Expected ${count} webhook posts, got ${posts.length}.`)), timeoutMs);
        const check = () => {
          if (posts.length < count) return;
          clearTimeout(timer);
          resolve(posts.slice(0, count));
        };
        notify = check;
        check();
      });
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

const closedSpec = closeResponseSchemas(spec);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(closedSpec, "spec");
const validators = new Map<string, ValidateFunction>();

/** The schema errors of a payload against the spec's webhook of that kind (an empty list when it fits). */
export function webhookSchemaErrors(recordType: string, payload: unknown): string[] {
  let validate = validators.get(recordType);
  if (!validate) {
    if (!(closedSpec as { webhooks?: Record<string, unknown> }).webhooks?.[recordType]) throw new Error(`The spec describes no ${recordType} webhook.`);
    validate = ajv.compile({ $ref: `spec#/webhooks/${recordType}/post/requestBody/content/application~1json/schema` });
    validators.set(recordType, validate);
  }
  return validate(payload) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}
