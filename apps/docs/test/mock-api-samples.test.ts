// The curl samples of the local Postmark API page: what each one says and how a shell reads it.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadMockApiSpec, mockApiIntro } from "../scripts/decorate-mock-api.js";
import { mockApiBaseUrl, mockApiCurlSample, mockApiTypescriptSample, type MockApiRequest, parseAsFor, variableName } from "../scripts/mock-api-samples.js";
import { sitePages } from "../scripts/site-pages.js";
import { listOperations } from "../scripts/spec.js";
import { builtMockApiOperations, loadDocsMockApi } from "./built-docs.js";
import { shellWords } from "./shell-words.js";

const request = (overrides: Partial<MockApiRequest>): MockApiRequest => ({
  operationId: "op",
  method: "GET",
  path: "/messages",
  pathParams: [],
  body: undefined,
  responseTypes: ["application/json"],
  ...overrides,
});

describe("variableName", () => {
  it.each([
    ["messageId", "MESSAGE_ID"],
    ["serverId", "SERVER_ID"],
    ["index", "INDEX"],
    ["record-type", "RECORD_TYPE"],
  ])("%s → %s", (name, expected) => expect(variableName(name)).toBe(expected));
});

describe("mockApiCurlSample", () => {
  const variables = { MESSAGE_ID: "m-1", SERVER_ID: "7", INDEX: "0" };
  it.each([
    ["a GET without parameters", request({}), ["curl", `${mockApiBaseUrl}/messages`]],
    [
      "a path parameter, read from a variable",
      request({ path: "/messages/{messageId}/source", pathParams: [{ name: "messageId", description: "The message's `MessageID`.", integer: false }] }),
      ["curl", `${mockApiBaseUrl}/messages/m-1/source`],
    ],
    ["a method other than GET", request({ method: "DELETE", path: "/faults" }), ["curl", "-X", "DELETE", `${mockApiBaseUrl}/faults`]],
    [
      "a JSON body",
      request({ method: "POST", path: "/faults", body: { Method: "POST", Path: "/email", Note: "it's" } }),
      ["curl", "-X", "POST", `${mockApiBaseUrl}/faults`, "-H", "Content-Type: application/json", "-d", JSON.stringify({ Method: "POST", Path: "/email", Note: "it's" }, null, 2).replace(/\n/g, "\n  ")],
    ],
    ["an event stream, unbuffered", request({ path: "/stream", responseTypes: ["text/event-stream"] }), ["curl", "-N", `${mockApiBaseUrl}/stream`]],
    [
      "a download, saved under its own name",
      request({ path: "/messages/{messageId}/attachments/{index}", pathParams: [{ name: "messageId", description: "", integer: false }, { name: "index", description: "", integer: true }], responseTypes: ["*/*"] }),
      ["curl", "-OJ", `${mockApiBaseUrl}/messages/m-1/attachments/0`],
    ],
  ])("%s", (_, input, words) => {
    expect(shellWords(mockApiCurlSample(input), variables)).toEqual(words);
  });

  it("explains each variable in a comment", () => {
    const source = mockApiCurlSample(request({ path: "/servers/{serverId}/reset", method: "POST", pathParams: [{ name: "serverId", description: "The server's `ID`.", integer: true }] }));
    expect(source.split("\n")[0]).toBe("# SERVER_ID: the server's ID.");
  });
});

describe("parseAsFor", () => {
  it.each([
    [["application/json"], "json"],
    [[], "json"],
    [["text/html"], "text"],
    [["message/rfc822"], "text"],
    [["*/*"], "blob"],
    [["text/event-stream"], "stream"],
  ])("%j → %s", (types, expected) => expect(parseAsFor(types)).toBe(expected));
});

describe("mockApiTypescriptSample", () => {
  it("reads a string path parameter from the environment, and passes the body", () => {
    const source = mockApiTypescriptSample(
      request({ method: "POST", path: "/messages/{messageId}/events", pathParams: [{ name: "messageId", description: "The `MessageID`.", integer: false }], body: { Type: "Open" } }),
    );
    expect(source).toContain('import { createMockApiClient } from "@postmark-openapi/mock/api-client";');
    expect(source).toContain("// MESSAGE_ID: the MessageID.\nconst messageId = process.env.MESSAGE_ID ?? \"\";");
    expect(source).toContain('await mockApi.POST("/messages/{messageId}/events", {\n  params: { path: { messageId } },\n  body: { Type: "Open" },\n});');
  });

  it("turns an integer path parameter into a number", () => {
    const source = mockApiTypescriptSample(request({ method: "POST", path: "/servers/{serverId}/reset", pathParams: [{ name: "serverId", description: "", integer: true }] }));
    expect(source).toContain("const serverId = Number(process.env.SERVER_ID);");
  });

  it.each([
    [["text/html"], '  parseAs: "text",'],
    [["*/*"], '  parseAs: "blob",'],
  ])("reads a %j answer with parseAs", (responseTypes, line) => {
    expect(mockApiTypescriptSample(request({ responseTypes })).split("\n")).toContain(line);
  });

  it("reads an event stream chunk by chunk", () => {
    const source = mockApiTypescriptSample(request({ path: "/stream", responseTypes: ["text/event-stream"] }));
    expect(source).toContain('parseAs: "stream"');
    expect(source).toContain("getReader()");
  });

  it("calls without options when there is nothing to pass", () => {
    expect(mockApiTypescriptSample(request({}))).toContain('await mockApi.GET("/messages");');
  });
});

describe("the decorated local Postmark API document", () => {
  const built = builtMockApiOperations();

  it("keeps every operation of the mock package's bundle, each with a curl and a TypeScript sample", () => {
    const source = listOperations(loadMockApiSpec()).map(({ operation }) => operation.operationId);
    expect(built.map(({ operationId }) => operationId)).toEqual(source);
    for (const { operationId, samples } of built) expect(Object.keys(samples), operationId).toEqual(["curl", "TypeScript"]);
  });

  it("links the other pages from its introduction", () => {
    const description = loadDocsMockApi().info.description ?? "";
    expect(description).toContain(mockApiIntro);
    expect(description).toContain(`](${sitePages.reference.file})`);
    expect(description).toContain(`](${sitePages.guide.file})`);
  });

  it("has samples bash splits as the tests do", () => {
    const variables = { MESSAGE_ID: "abc-123", SERVER_ID: "4", INDEX: "1" };
    for (const { operationId, samples } of built) {
      const script = (samples.curl ?? "").replace(/^curl /m, "printf '%s\\0' ");
      const printed = execFileSync("bash", ["--norc", "--noprofile", "-c", script], { env: { ...variables, PATH: process.env.PATH }, encoding: "utf8" });
      expect(printed.split("\0").slice(0, -1), operationId).toEqual(shellWords(samples.curl ?? "", variables).slice(1));
    }
  });
});
