// The curl and TypeScript samples shown next to each operation, made from the operation's example
// request (see exampleRequest in spec.ts). Pure functions: text in, text out.
import type { SampleRequest } from "./spec.js";

export const productionBaseUrl = "https://api.postmarkapp.com";
export const mockBaseUrl = "http://127.0.0.1:4010";
export const clientPackage = "@postmark-openapi/client";

/**
 * Redoc 3 keeps an x-codeSamples entry only when its label (or, without one, its lang) names a
 * language of the `codeSamples.languages` option in redocly.yaml; `lang` picks the highlighting.
 */
export const sampleLanguages = {
  curl: { lang: "curl", label: "curl" },
  typescript: { lang: "JavaScript", label: "TypeScript" },
};

const maxLineLength = 100;

/** The request URL with path parameters filled in and query parameters appended. */
export function requestUrl(baseUrl: string, { path, pathParams, queryParams }: Pick<SampleRequest, "path" | "pathParams" | "queryParams">): string {
  const filledPath = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (!(name in pathParams)) throw new Error(`No example for path parameter ${name} of ${path}`);
    return encodeURIComponent(String(pathParams[name]));
  });
  const query = new URLSearchParams(
    Object.entries(queryParams).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => [name, String(item)])),
  ).toString();
  return `${baseUrl}${filledPath}${query ? `?${query}` : ""}`;
}

/** Quotes a word for POSIX shells: single quotes, with `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlSample(request: SampleRequest): string {
  const lines = [`# Local mock: swap ${productionBaseUrl}`, `# for ${mockBaseUrl} (any non-empty token works).`];
  if (request.deprecated) lines.push("# Deprecated: the description says what to use instead.");
  const options = [`curl -X ${request.method} ${shellQuote(requestUrl(productionBaseUrl, request))}`, `-H ${shellQuote("Accept: application/json")}`];
  if (request.body !== undefined) options.push(`-H ${shellQuote("Content-Type: application/json")}`);
  // Double quotes so the shell fills in the token from the environment.
  options.push(`-H "${request.token.header}: $${request.token.envVar}"`);
  if (request.body !== undefined) {
    const json = JSON.stringify(request.body, null, 2).replace(/\n/g, "\n  ");
    options.push(`-d ${shellQuote(json)}`);
  }
  lines.push(options.join(" \\\n  "));
  return lines.join("\n");
}

const identifier = /^[A-Za-z_$][\w$]*$/;

function propertyKey(key: string): string {
  return identifier.test(key) ? key : JSON.stringify(key);
}

/** A value as a one-line TypeScript literal. */
function oneLineLiteral(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(oneLineLiteral).join(", ")}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([key, item]) => `${propertyKey(key)}: ${oneLineLiteral(item)}`).join(", ")} }`;
}

/** A value as a TypeScript literal: one line when it fits, else one entry per line. */
export function typescriptLiteral(value: unknown, indent = "", startColumn = 0): string {
  const oneLine = oneLineLiteral(value);
  if (value === null || typeof value !== "object" || startColumn + oneLine.length <= maxLineLength) return oneLine;
  const inner = `${indent}  `;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item): [string, unknown] => ["", item]) : Object.entries(value).map(([key, item]): [string, unknown] => [`${propertyKey(key)}: `, item]);
  const lines = entries.map(([key, item]) => `${inner}${key}${typescriptLiteral(item, inner, inner.length + key.length)},`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${lines.join("\n")}\n${indent}${close}`;
}

export function typescriptSample(request: SampleRequest): string {
  const { clientOption, envVar } = request.token;
  const init: { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }; body?: unknown } = {};
  const params: { path?: Record<string, unknown>; query?: Record<string, unknown> } = {};
  if (Object.keys(request.pathParams).length > 0) params.path = request.pathParams;
  if (Object.keys(request.queryParams).length > 0) params.query = request.queryParams;
  if (Object.keys(params).length > 0) init.params = params;
  if (request.body !== undefined) init.body = request.body;

  const callStart = `const result = await postmark.${request.operationId}(`;
  const argument = Object.keys(init).length > 0 ? typescriptLiteral(init, "", callStart.length) : "";
  return [
    `import { createPostmarkClient } from "${clientPackage}";`,
    "",
    "const postmark = createPostmarkClient({",
    `  ${clientOption}: process.env.${envVar},`,
    "  // Local mock (any non-empty token works):",
    `  // baseUrl: "${mockBaseUrl}",`,
    "});",
    "",
    ...(request.deprecated ? ["// Deprecated: the description says what to use instead."] : []),
    `${callStart}${argument});`,
    "console.log(result);",
    "",
  ].join("\n");
}

/** The x-codeSamples list of one operation. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export function codeSamplesFor(request: SampleRequest): CodeSample[] {
  return [
    { ...sampleLanguages.curl, source: curlSample(request) },
    { ...sampleLanguages.typescript, source: typescriptSample(request) },
  ];
}
