// The curl samples of the local Postmark's own API (the second page). That API takes no token and
// its path parameters name things only a running mock knows (a message it captured, a server it
// created), so each path parameter is a shell variable the sample explains in a comment.
import { shellQuote } from "./code-samples.js";

export const mockApiBaseUrl = "http://127.0.0.1:4010/__mock/api";

export interface MockApiRequest {
  operationId: string;
  method: string;
  path: string;
  /** Path parameters with their descriptions, in the order of the path. */
  pathParams: { name: string; description: string }[];
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
