// The programs whose bundles are measured: hand-written send-one-email programs (fixtures/size/)
// and every-operation programs generated from the spec's operationIds, one call per operation with
// placeholder arguments (ids 1, bodies {}), like the official client's hand-written one. Ours is
// measured in the form its README gives for each: createPostmarkCore with the sendEmail function
// to send one email, createPostmarkClient for the whole API; the other form of each is a row too.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { clientLabels } from "./clients.js";
import { fixturesDir, generatedDir } from "./paths.js";
import { specOperations, type SpecOperation } from "./spec-operations.js";

const pathParamsOf = (operation: SpecOperation): Record<string, number> => Object.fromEntries(operation.pathParams.map((name) => [name, 1]));

/** Our init object for an operation, as JSON: its path parameters and an empty body, or nothing. */
const oursInit = (operation: SpecOperation): string | undefined => {
  const init = { ...(operation.pathParams.length ? { params: { path: pathParamsOf(operation) } } : {}), ...(operation.takesBody ? { body: {} } : {}) };
  return Object.keys(init).length ? JSON.stringify(init) : undefined;
};

type GeneratedKind = "ours" | "ours-functions" | "openapi-fetch" | "fetch";

const everyOperation: Record<GeneratedKind, (operations: SpecOperation[]) => string> = {
  ours: (operations) =>
    [
      `import { createPostmarkClient } from "@postmark-openapi/client";`,
      `const client = createPostmarkClient({ serverToken: "server-token", accountToken: "account-token" });`,
      `await Promise.allSettled([`,
      ...operations.map((operation) => `  client.${operation.operationId}(${oursInit(operation) ?? ""}),`),
      `]);`,
    ].join("\n"),
  "ours-functions": (operations) =>
    [
      `import { createPostmarkCore, ${operations.map((operation) => operation.operationId).join(", ")} } from "@postmark-openapi/client";`,
      `const client = createPostmarkCore({ serverToken: "server-token", accountToken: "account-token" });`,
      `await Promise.allSettled([`,
      ...operations.map((operation) => `  ${operation.operationId}(client${oursInit(operation) ? `, ${oursInit(operation)}` : ""}),`),
      `]);`,
    ].join("\n"),
  "openapi-fetch": (operations) =>
    [
      `import createClient from "openapi-fetch";`,
      `const client = createClient({ baseUrl: "https://api.postmarkapp.com", headers: { Accept: "application/json" } });`,
      `const server = { "X-Postmark-Server-Token": "server-token" };`,
      `const account = { "X-Postmark-Account-Token": "account-token" };`,
      `await Promise.allSettled([`,
      ...operations.map((operation) => {
        const params = operation.pathParams.length ? `params: { path: ${JSON.stringify(pathParamsOf(operation))} }, ` : "";
        const body = operation.takesBody ? "body: {}, " : "";
        const headers = operation.tokenHeader.includes("Account") ? "account" : "server";
        return `  client.${operation.method}(${JSON.stringify(operation.path)}, { ${params}${body}headers: ${headers} }),`;
      }),
      `]);`,
    ].join("\n"),
  fetch: (operations) =>
    [
      `const call = async (method, path, token, body) => {`,
      `  const response = await fetch("https://api.postmarkapp.com" + path, {`,
      `    method,`,
      `    headers: { Accept: "application/json", "Content-Type": "application/json", ...token },`,
      `    body: body === undefined ? undefined : JSON.stringify(body),`,
      `  });`,
      `  const answer = await response.json();`,
      `  if (!response.ok) throw new Error(answer.Message);`,
      `  return answer;`,
      `};`,
      `const server = { "X-Postmark-Server-Token": "server-token" };`,
      `const account = { "X-Postmark-Account-Token": "account-token" };`,
      `await Promise.allSettled([`,
      ...operations.map((operation) => {
        const path = operation.path.replace(/\{[^}]+\}/g, "1");
        const headers = operation.tokenHeader.includes("Account") ? "account" : "server";
        return `  call(${JSON.stringify(operation.method)}, ${JSON.stringify(path)}, ${headers}${operation.takesBody ? ", {}" : ""}),`;
      }),
      `]);`,
    ].join("\n"),
};

/** How each kind of program is named in the report; `ours` is the form its target is checked on. */
const labels: Record<string, string> = {
  fetch: clientLabels.fetch,
  "openapi-fetch": clientLabels["openapi-fetch"],
  official: clientLabels.official,
  "ours-send": `${clientLabels.ours}: createPostmarkCore + sendEmail`,
  "ours-client-send": `${clientLabels.ours}: createPostmarkClient`,
  "ours-every-operation": `${clientLabels.ours}: createPostmarkClient`,
  "ours-functions-every-operation": `${clientLabels.ours}: createPostmarkCore + 84 operation functions`,
};

export interface SizeProgram {
  program: string;
  /** The client, as the targets look it up: `ours` is the form the README gives for that program. */
  kind: string;
  /** The client and the form of it, as the report names it. */
  label: string;
  entry: string;
}

/** Every bundle to measure; writes the generated entries. */
export function sizePrograms(): { programs: SizeProgram[]; operationCount: number } {
  const dir = join(generatedDir, "size");
  mkdirSync(dir, { recursive: true });
  const operations = specOperations();
  const programs: SizeProgram[] = [];
  for (const kind of ["fetch", "openapi-fetch", "official", "ours", "ours-client"]) {
    programs.push({ program: "send one email", kind, label: labels[`${kind}-send`] ?? labels[kind]!, entry: join(fixturesDir, "size", `${kind}-send.ts`) });
  }
  for (const kind of ["fetch", "openapi-fetch", "ours", "ours-functions"] as const) {
    const entry = join(dir, `${kind}-every-operation.mjs`);
    writeFileSync(entry, `// Generated by bench/src/size-programs.ts: one call per operation of the spec.\n${everyOperation[kind](operations)}\n`);
    programs.push({ program: "every operation", kind, label: labels[`${kind}-every-operation`] ?? labels[kind]!, entry });
  }
  programs.push({ program: "every operation", kind: "official", label: labels.official!, entry: join(fixturesDir, "size", "official-every-operation.ts") });
  return { programs, operationCount: operations.length };
}
