// Every operation of the spec, called by name through @postmark-openapi/client against the mock,
// with the spec's example request; the answer must match the spec's response schema.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { createPostmarkClient } from "@postmark-openapi/client";
import { describe, expect, it } from "vitest";
import { exampleRequests, resolve, spec, token, useMock } from "../support.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, "spec");

const mock = useMock({ mode: "static" });
const requests = exampleRequests();
const operationIds = Object.values(spec.paths).flatMap((pathItem) => Object.values(pathItem).map((operation) => (operation as { operationId?: string } | undefined)?.operationId).filter(Boolean));

function clientRecordingStatus() {
  const seen = { status: 0 };
  const client = createPostmarkClient({
    serverToken: token,
    accountToken: token,
    baseUrl: mock.url,
    retry: false,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      seen.status = response.status;
      return response;
    },
  });
  return { client, seen };
}

describe("contract: every operation against the mock", () => {
  it("has one case per operation of the spec", () => {
    expect(requests.map((request) => request.operationId).sort()).toEqual([...operationIds].sort());
    expect(requests).toHaveLength(operationIds.length);
  });

  it.each(requests.map((request) => [request.operationId, request]))("%s answers with its documented success", async (operationId, request) => {
    const { client, seen } = clientRecordingStatus();
    const init = { params: { path: request.pathParams, query: request.query }, ...(request.body === undefined ? {} : { body: request.body }) };
    const named = client as unknown as Record<string, (init: unknown) => Promise<unknown>>;
    const data = await named[operationId]!(init);
    expect(seen.status).toBe(request.successStatus);
    const response = resolve({ $ref: request.responseSchemaPointer });
    const schema = response.content["application/json"].schema;
    const validate = ajv.compile(schema.$ref ? { $ref: `spec${schema.$ref}` } : schema);
    const valid = validate(data);
    expect(valid ? [] : validate.errors).toEqual([]);
  });
});
