// The curl and TypeScript samples of the local Postmark's own API (the second page). That API
// takes no token and its path parameters name things only a running mock knows (a message it
// captured, a server it created), so each path parameter comes from an environment variable the
// sample explains in a comment.
import { shellQuote, typescriptLiteral } from "./code-samples.js";

export const mockApiBaseUrl = "http://127.0.0.1:4010/__mock/api";
/** The mock's own address, which the typed client takes (it adds `/__mock/api`). */
export const mockOrigin = "http://127.0.0.1:4010";
export const mockApiClientModule = "@postmark-openapi/mock/api-client";

export interface MockApiRequest {
  operationId: string;
  method: string;
  path: string;
  /** Path parameters with their descriptions, in the order of the path. */
  pathParams: { name: string; description: string; integer: boolean }[];
  body: unknown;
  /** The media types of the success answer. */
  responseTypes: string[];
}

/** The shell variable standing for a path parameter: `messageId` becomes `MESSAGE_ID`. */
export function variableName(parameter: string): string {
  return parameter
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9_]/g, "_")
    .toUpperCase();
}

/** A one-line comment from a Markdown description: no backticks, first sentence kept whole. */
function commentText(description: string): string {
  const line = description.replace(/`/g, "").replace(/\s+/g, " ").trim();
  return line ? `${line.charAt(0).toLowerCase()}${line.slice(1)}` : "its value";
}

/** The request URL, with `$VARIABLE` in place of each path parameter. */
export function mockApiUrl(baseUrl: string, path: string): string {
  return `${baseUrl}${path.replace(/\{([^}]+)\}/g, (_, name: string) => `$${variableName(name)}`)}`;
}

export function mockApiCurlSample(request: MockApiRequest): string {
  const lines = request.pathParams.map(({ name, description }) => `# ${variableName(name)}: ${commentText(description)}`);
  const url = mockApiUrl(mockApiBaseUrl, request.path);
  // Double quotes let the shell fill the variables in; nothing else in these URLs is special to it.
  const quotedUrl = request.pathParams.length > 0 ? `"${url}"` : shellQuote(url);
  const words = ["curl"];
  if (request.responseTypes.includes("text/event-stream")) {
    lines.push("# The stream stays open: Ctrl-C ends it.");
    words.push("-N");
  }
  if (request.responseTypes.some((type) => type === "*/*" || type === "application/octet-stream")) {
    lines.push("# Saved under the attachment's own name.");
    words.push("-OJ");
  }
  if (request.method !== "GET") words.push(`-X ${request.method}`);
  words.push(quotedUrl);
  const options = [words.join(" ")];
  if (request.body !== undefined) {
    options.push(`-H ${shellQuote("Content-Type: application/json")}`);
    options.push(`-d ${shellQuote(JSON.stringify(request.body, null, 2).replace(/\n/g, "\n  "))}`);
  }
  lines.push(options.join(" \\\n  "));
  return lines.join("\n");
}

/** How openapi-fetch should read the success answer: JSON unless its media type says otherwise. */
export function parseAsFor(responseTypes: string[]): "json" | "text" | "blob" | "stream" {
  if (responseTypes.length === 0 || responseTypes.some((type) => type === "application/json")) return "json";
  if (responseTypes.includes("text/event-stream")) return "stream";
  if (responseTypes.some((type) => type.startsWith("text/") || type === "message/rfc822")) return "text";
  return "blob";
}

/** A camelCase identifier for a path parameter's variable: `messageId` stays, `record-type` becomes `recordType`. */
function identifierFor(parameter: string): string {
  return parameter.replace(/[^A-Za-z0-9]+(.)/g, (_, next: string) => next.toUpperCase());
}

export function mockApiTypescriptSample(request: MockApiRequest): string {
  const lines = [`import { createMockApiClient } from "${mockApiClientModule}";`, "", `const mockApi = createMockApiClient("${mockOrigin}");`];
  const path: Record<string, string> = {};
  for (const { name, description, integer } of request.pathParams) {
    const variable = variableName(name);
    const identifier = identifierFor(name);
    lines.push(`// ${variable}: ${commentText(description)}`);
    lines.push(integer ? `const ${identifier} = Number(process.env.${variable});` : `const ${identifier} = process.env.${variable} ?? "";`);
    path[name] = identifier;
  }
  const parseAs = parseAsFor(request.responseTypes);
  const init: string[] = [];
  if (request.pathParams.length > 0) {
    const entries = Object.entries(path).map(([name, identifier]) => (name === identifier ? name : `${JSON.stringify(name)}: ${identifier}`));
    init.push(`  params: { path: { ${entries.join(", ")} } },`);
  }
  if (request.body !== undefined) init.push(`  body: ${typescriptLiteral(request.body, "  ", "  body: ".length)},`);
  if (parseAs !== "json") init.push(`  parseAs: "${parseAs}",`);
  const call = `mockApi.${request.method}("${request.path}"${init.length > 0 ? `, {\n${init.join("\n")}\n}` : ""})`;
  if (parseAs === "stream") {
    lines.push("// The stream stays open: each chunk holds one or more events.", `const { data: stream } = await ${call};`);
    lines.push("const reader = stream?.pipeThrough(new TextDecoderStream()).getReader();");
    lines.push("for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) console.log(chunk.value);");
  } else {
    lines.push(`const { data, error } = await ${call};`, "console.log(data ?? error);");
  }
  return `${lines.join("\n")}\n`;
}
