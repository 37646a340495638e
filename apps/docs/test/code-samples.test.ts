// The decorated spec: every operation gets a curl and a TypeScript sample that says what the
// operation needs, under a tab Redoc will actually show.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { appDir } from "../scripts/build.js";
import { curlSample, mockBaseUrl, productionBaseUrl, sampleLanguages, shellQuote, typescriptLiteral } from "../scripts/code-samples.js";
import { addMockNote, decorateSpec, mockNote } from "../scripts/decorate-spec.js";
import { exampleRequest, listOperations, loadBundledSpec, tokenOf, type OpenApiDocument, type OperationObject } from "../scripts/spec.js";
import { samplesOf } from "./built-docs.js";
import { shellWords } from "./shell-words.js";

const spec = loadBundledSpec();
const decorated = decorateSpec(spec);
const operations = listOperations(decorated);
const env: Record<string, string> = { POSTMARK_SERVER_TOKEN: "server-token", POSTMARK_ACCOUNT_TOKEN: "account-token" };
/** The curl sample, then the TypeScript one. */
const sampleSource = (operation: OperationObject, index: 0 | 1): string => samplesOf(operation)[index]?.source ?? "";
const introduction = (document: OpenApiDocument): string => document.info.description ?? "";

describe("the decorated spec", () => {
  it("covers every operation and leaves the bundled spec untouched", () => {
    expect(operations).toHaveLength(listOperations(spec).length);
    for (const { operation } of listOperations(spec)) expect(operation["x-codeSamples"]).toBeUndefined();
  });

  it("gives every operation exactly a curl and a TypeScript sample", () => {
    for (const { operation } of operations) {
      expect(samplesOf(operation).map(({ lang, label }) => ({ lang, label })), operation.operationId).toEqual([sampleLanguages.curl, sampleLanguages.typescript]);
    }
  });

  it("labels samples only with languages Redoc is configured to show", () => {
    // Redoc 3 silently drops a sample whose label is not among `codeSamples.languages`.
    const config = parse(readFileSync(join(appDir, "redocly.yaml"), "utf8")) as { openapi: { codeSamples: { languages: { lang: string; label?: string }[] } } };
    const shown = config.openapi.codeSamples.languages.map(({ lang, label }) => (label ?? lang).toLowerCase());
    for (const { label } of Object.values(sampleLanguages)) expect(shown).toContain(label.toLowerCase());
  });

  it("keeps the introduction and adds the mock note to its Trying it locally section", () => {
    expect(introduction(decorated).startsWith(introduction(spec).trimEnd())).toBe(true);
    const section = introduction(decorated).slice(introduction(decorated).indexOf("## Trying it locally"));
    expect(section).toContain(mockNote);
    expect(section).toContain(mockBaseUrl);
  });

  it("ends each operation description with its token header and client method", () => {
    for (const { operation } of operations) {
      expect(operation.description).toContain(`\`${tokenOf(operation).header}\``);
      expect(operation.description).toContain(`\`postmark.${operation.operationId}()\``);
    }
  });
});

describe("curl samples", () => {
  it.each(operations.map((entry) => [entry.operation.operationId, entry]))("%s: method, URL, headers, token and body", (_, entry) => {
    const request = exampleRequest(decorated, entry);
    const source = sampleSource(entry.operation, 0);
    const argv = shellWords(source, env);
    expect(argv.slice(0, 3)).toEqual(["curl", "-X", request.method]);

    const url = new URL(argv[3] ?? "");
    expect(`${url.origin}`).toBe(productionBaseUrl);
    expect(url.pathname).not.toMatch(/[{}]/);
    for (const [name, value] of Object.entries(request.queryParams)) expect(url.searchParams.get(name)).toBe(String(value));

    const headers = argv.flatMap((word, i) => (argv[i - 1] === "-H" ? [word] : []));
    const token = tokenOf(entry.operation);
    expect(headers).toContain("Accept: application/json");
    expect(headers).toContain(`${token.header}: ${env[token.envVar] ?? ""}`);
    expect(source).toContain(`"${token.header}: $${token.envVar}"`);

    const data = argv[argv.indexOf("-d") + 1];
    if (request.body === undefined) {
      expect(argv).not.toContain("-d");
      expect(headers).not.toContain("Content-Type: application/json");
    } else {
      expect(headers).toContain("Content-Type: application/json");
      expect(JSON.parse(data ?? "")).toEqual(request.body);
    }
    expect(source).toContain(mockBaseUrl);
  });

  it("are split into words the way bash splits them", () => {
    // Cross-checks the test's own shell reader: bash prints the words of every command (NUL
    // after each word, \x01 after each command) instead of running curl.
    const script = operations.map(({ operation }) => `${sampleSource(operation, 0).replace(/^curl /m, "printf '%s\\0' ")}\nprintf '\\1'`).join("\n");
    // --norc: bash would otherwise read ~/.bashrc, taking Node's socket-backed pipes for a network login.
    const printed = execFileSync("bash", ["--norc", "--noprofile", "-c", script], { env: { ...env, PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" })
      .split("\x01")
      .slice(0, -1);
    expect(printed).toHaveLength(operations.length);
    operations.forEach(({ operation }, i) => {
      expect(printed[i]?.split("\0").slice(0, -1), operation.operationId).toEqual(shellWords(sampleSource(operation, 0), env).slice(1));
    });
  });

  it("quotes single quotes inside the body so the shell passes them through", () => {
    const source = curlSample({
      operationId: "sendEmail",
      method: "POST",
      path: "/email",
      pathParams: {},
      queryParams: {},
      body: { Subject: "It's here" },
      token: tokenOf({ security: [{ ServerToken: [] }] }),
      securityScheme: "ServerToken",
      deprecated: false,
    });
    expect(JSON.parse(shellWords(source, env).at(-1) ?? "")).toEqual({ Subject: "It's here" });
    expect(shellWords(`echo ${shellQuote("a'b'c")}`)).toEqual(["echo", "a'b'c"]);
  });
});

describe("TypeScript samples", () => {
  it.each(operations.map((entry) => [entry.operation.operationId, entry]))("%s: client, token option and named call", (operationId, entry) => {
    const source = sampleSource(entry.operation, 1);
    const token = tokenOf(entry.operation);
    expect(source).toContain('import { createPostmarkClient } from "@postmark-openapi/client";');
    expect(source).toContain(`${token.clientOption}: process.env.${token.envVar},`);
    expect(source).toContain(`// baseUrl: "${mockBaseUrl}",`);
    expect(source).toContain(`await postmark.${operationId}(`);
    if (entry.operation.deprecated) expect(source).toContain("Deprecated");
  });

  it("writes literals on one line when they fit and quotes keys that are not identifiers", () => {
    expect(typescriptLiteral({ params: { path: { id: 1 } } })).toBe("{ params: { path: { id: 1 } } }");
    expect(typescriptLiteral({ "customer-id": "8491", list: [] })).toBe('{ "customer-id": "8491", list: [] }');
    expect(typescriptLiteral({ text: "x".repeat(120) })).toBe(`{\n  text: "${"x".repeat(120)}",\n}`);
  });
});

describe("addMockNote", () => {
  it("adds a Trying it locally section when the introduction has none", () => {
    expect(addMockNote("Intro.\n")).toBe(`Intro.\n\n## Trying it locally\n${mockNote}\n`);
  });

  it("puts the note before the next section", () => {
    const result = addMockNote("## Trying it locally\nRun it.\n\n## Later\nMore.\n");
    expect(result).toBe(`## Trying it locally\nRun it.\n\n${mockNote}\n\n## Later\nMore.\n`);
  });
});
