// Generated (dynamic) answers obey the spec: for every operation, over many generations, the
// answer validates against its closed response schema, and it is really generated (not the
// documented example the responder falls back to when nothing can be mended).
import { describe, expect, it } from "vitest";
import { createAnswerValidator } from "../answer-schemas.js";
import type { OperationCall } from "../protocol/call.js";
import { listOperations } from "@postmark-openapi/spec/reader";
import { loadSpec } from "../spec.js";
import { exampleRequests } from "../../test/support.js";
import { createStaticResponder } from "./responder.js";
import type { OperationId } from "../core/types.js";

const spec = loadSpec();
const generationsPerOperation = 12;

describe("dynamic answers", () => {
  it(`validate for every operation over ${generationsPerOperation} generations each`, async () => {
    const respond = await createStaticResponder(spec, { dynamic: true });
    const documented = await createStaticResponder(spec);
    const check = createAnswerValidator(spec);
    const failures: string[] = [];
    let fellBack = 0;
    let total = 0;
    for (const request of exampleRequests()) {
      const call: OperationCall = {
        operationId: request.operationId as OperationId,
        method: request.method.toUpperCase(),
        path: request.path.replace(/\{([^}]+)\}/g, (_match, name: string) => String(request.pathParams[name])),
        pathParams: request.pathParams,
        query: request.query,
        body: request.body,
        headers: {},
        tokenKind: request.token === "AccountToken" ? "account" : "server",
        token: "t",
      };
      const example = JSON.stringify((await documented(call)).body);
      for (let i = 0; i < generationsPerOperation; i++) {
        const answer = await respond(call);
        total++;
        const { documented: known, errors } = check(call.operationId, answer.status, answer.body);
        if (!known || errors.length > 0) failures.push(`${call.operationId} ${answer.status}: ${JSON.stringify(errors.slice(0, 3))}`);
        if (JSON.stringify(answer.body) === example) fellBack++;
      }
    }
    expect(failures).toEqual([]);
    expect(total).toBe(listOperations(spec).length * generationsPerOperation);
    // A few tiny answers (`{ErrorCode: 0, Message}`) can come out equal to the example by chance.
    expect(fellBack / total).toBeLessThan(0.1);
  }, 240_000);
});
