// The bundled spec must describe exactly the committed operations, each complete.
import { describe, expect, it } from "vitest";
import { isRef, loadBundledSpec, loadOperationsTable, operationsOf, resolveLocal, type JsonObject } from "./load-spec.js";

const spec = loadBundledSpec();
const table = loadOperationsTable();
const operations = operationsOf(spec.paths);
const tagNames = ((spec.tags ?? []) as JsonObject[]).map((tag) => tag.name as string);
const groups = [...new Set(table.map((row) => row.tag))];

function describeOperation(method: string, path: string) {
  return `${method.toUpperCase()} ${path}`;
}

describe("the operations table", () => {
  // The project's one written-out count of operations: a tripwire for an operation added or lost
  // by accident. Everything else counts the operations of the spec itself.
  it("lists 84 operations in 15 groups", () => {
    expect(table).toHaveLength(84);
    expect(groups).toHaveLength(15);
  });

  it("matches the bundled spec row for row", () => {
    const actual = operations.map(({ method, path, operation }) => ({
      method: method.toUpperCase(),
      path,
      operationId: operation.operationId,
      tag: (operation.tags as string[] | undefined)?.join(","),
      auth: ((operation.security ?? []) as JsonObject[]).flatMap((requirement) => Object.keys(requirement)).join(","),
      deprecated: operation.deprecated === true,
    }));
    const key = (row: { method: string; path: string }) => `${row.path} ${row.method}`;
    expect([...actual].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...table].sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it("declares the 15 groups as the spec's first tags, in the table's order", () => {
    expect(tagNames.slice(0, 15)).toEqual(groups);
  });
});

describe.each(operations.map((entry) => [describeOperation(entry.method, entry.path), entry] as const))("%s", (_name, { method, path, operation, pathItem }) => {
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  const parameters = [...((pathItem.parameters ?? []) as unknown[]), ...((operation.parameters ?? []) as unknown[])].map(
    (parameter) => resolveLocal(spec, parameter) as JsonObject,
  );

  it("has a verb-first camelCase operationId, one known tag, a summary and a description", () => {
    expect(operation.operationId).toMatch(/^(get|list|create|edit|delete|send|activate|archive|unarchive|bypass|retry|rotate|verify|request|resend|push|validate)[A-Z][A-Za-z]*$/);
    expect(operation.tags).toHaveLength(1);
    expect(groups).toContain((operation.tags as string[])[0]);
    expect(String(operation.summary ?? "").length).toBeGreaterThan(5);
    expect(String(operation.description ?? "").length).toBeGreaterThan(40);
  });

  it("needs exactly one token, server or account", () => {
    const schemes = ((operation.security ?? []) as JsonObject[]).map((requirement) => Object.keys(requirement));
    expect(schemes).toHaveLength(1);
    expect(["ServerToken", "AccountToken"]).toContain(schemes[0]![0]);
  });

  it("documents its path parameters", () => {
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    const declared = parameters.filter((parameter) => parameter.in === "path").map((parameter) => parameter.name);
    expect(declared.sort()).toEqual(templated.sort());
    for (const parameter of parameters) {
      expect(parameter.description, `parameter ${String(parameter.name)}`).toBeTruthy();
      expect(parameter.schema, `parameter ${String(parameter.name)}`).toBeTruthy();
    }
  });

  it("documents Postmark's errors as shared responses", () => {
    const expected = ["401", "422", "500"];
    if (path.includes("{")) expected.push("404");
    if (operation.requestBody) expected.push("413", "415");
    for (const status of expected) {
      expect(responses, `response ${status}`).toHaveProperty(status);
      const response = resolveLocal(spec, responses[status]) as JsonObject;
      const schema = (response.content as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
      expect(schema?.schema, `response ${status} body`).toEqual({ $ref: "#/components/schemas/ApiError" });
    }
  });

  it("has a success response with a named example", () => {
    const success = Object.keys(responses).filter((status) => status.startsWith("2"));
    expect(success).toHaveLength(1);
    const response = resolveLocal(spec, responses[success[0]!]) as JsonObject;
    const media = (response.content as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
    expect(media?.schema, "success schema").toBeTruthy();
    expect(Object.keys((media?.examples ?? {}) as JsonObject).length, "success examples").toBeGreaterThan(0);
  });

  if (operation.requestBody) {
    it("takes a JSON body with a schema and a named example, required unless the action needs no data", () => {
      const body = resolveLocal(spec, operation.requestBody) as JsonObject;
      expect(body.required).toBe(!["activateBounce", "archiveMessageStream", "unarchiveMessageStream"].includes(String(operation.operationId)));
      const media = (body.content as JsonObject)["application/json"] as JsonObject;
      expect(media?.schema).toBeTruthy();
      expect(Object.keys((media.examples ?? {}) as JsonObject).length).toBeGreaterThan(0);
    });

    // Postmark ignores body fields it does not know (see the README), so the spec does too.
    it("leaves its body open to unknown fields", () => {
      const body = resolveLocal(spec, operation.requestBody) as JsonObject;
      let schema = resolveLocal(spec, ((body.content as JsonObject)["application/json"] as JsonObject).schema) as JsonObject;
      if (schema.type === "array") schema = resolveLocal(spec, schema.items) as JsonObject;
      expect(schema.additionalProperties).toBeUndefined();
      expect(schema.unevaluatedProperties).toBeUndefined();
    });
  }

  if (method === "get" || method === "delete") {
    it("takes no body", () => {
      expect(operation.requestBody).toBeUndefined();
    });
  }

  it("uses only local references once bundled", () => {
    const refs: string[] = [];
    JSON.stringify(operation, (key, value) => {
      if (isRef(value)) refs.push(value.$ref);
      return value;
    });
    for (const ref of refs) expect(ref).toMatch(/^#\/components\//);
  });
});
