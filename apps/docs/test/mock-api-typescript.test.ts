// The TypeScript samples of the local Postmark API page type-check against the mock package's
// typed client, and run against a started mock: each call it makes must answer 2xx. As with the
// curl samples, each sample runs after a fresh send, its IDs in the environment variables it reads.
import { freshConfirmationId } from "./confirmation-email.js";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startMockServer, type RunningMock } from "@postmark-openapi/mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appDir } from "../scripts/build.js";
import { mockApiClientModule, mockOrigin } from "../scripts/mock-api-samples.js";
import { builtMockApiOperations } from "./built-docs.js";
import { messagesOf, samplesTsconfig, typeCheckFolder } from "./type-check.js";

// Git-ignored: written afresh on every run.
const samplesDir = join(appDir, "generated-mock-api-samples");
const runDir = join(samplesDir, "run");
const operations = builtMockApiOperations();
const serverToken = "docs-mock-api-typescript";

// A fault the client's types must refuse (Status is 429, 500 or 503); proves the check is typed.
const wrongCall = `import { createMockApiClient } from "${mockApiClientModule}";

const mockApi = createMockApiClient("${mockOrigin}");
await mockApi.POST("/faults", { body: { Method: "POST", Path: "/email", Status: 404 } });
`;

let mock: RunningMock | undefined;
let origin = "";

beforeAll(async () => {
  rmSync(samplesDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(samplesDir, "tsconfig.json"), samplesTsconfig());
  for (const { operationId, samples } of operations) writeFileSync(join(samplesDir, `${operationId}.ts`), samples["TypeScript"] ?? "");
  writeFileSync(join(samplesDir, "_wrong-call.ts"), wrongCall);
  mock = await startMockServer({ port: 0, quiet: true });
  origin = mock.url.replace(/\/$/, "");
});

afterAll(async () => {
  await mock?.close();
});

describe("TypeScript samples of the local Postmark API type-check against its client", () => {
  let diagnostics: Map<string, string[]>;
  beforeAll(async () => {
    diagnostics = await typeCheckFolder(samplesDir);
  });

  it("has no diagnostics outside the sample files", () => {
    const elsewhere = [...diagnostics.entries()].filter(([file]) => !file.startsWith(samplesDir));
    expect(elsewhere.flatMap(([, list]) => list)).toEqual([]);
  });

  it("rejects a fault with a status the document does not allow", () => {
    expect(messagesOf(diagnostics.get(join(samplesDir, "_wrong-call.ts")))).toMatch(/'404' is not assignable to type '429 \| 500 \| 503/);
  });

  it.each(operations.map(({ operationId }) => [operationId]))("%s", (operationId) => {
    expect(messagesOf(diagnostics.get(join(samplesDir, `${operationId}.ts`)))).toBe("");
  });
});

/** Sends an email (HTML, an attachment) on the mock and returns the variables the samples read. */
let sends = 0;
async function freshVariables(): Promise<Record<string, string>> {
  sends += 1;
  await fetch(`${origin}/__mock/api/faults`, { method: "DELETE" });
  const response = await fetch(`${origin}/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-Postmark-Server-Token": serverToken },
    body: JSON.stringify({
      From: "billing@example.com",
      To: `sam+${sends}@example.org`,
      Subject: "Your receipt",
      HtmlBody: "<p>Thanks!</p>",
      Attachments: [{ Name: "receipt.txt", Content: Buffer.from("Paid.\n").toString("base64"), ContentType: "text/plain" }],
    }),
  });
  expect(response.status).toBe(200);
  const { MessageID } = (await response.json()) as { MessageID: string };
  const { Servers } = (await (await fetch(`${origin}/__mock/api/servers`)).json()) as { Servers: { ID: number; MessageCount: number }[] };
  return { MESSAGE_ID: MessageID, SERVER_ID: String(Servers.find((server) => server.MessageCount > 0)?.ID), INDEX: "0", CONFIRMATION_ID: await freshConfirmationId(origin) };
}

describe("TypeScript samples of the local Postmark API against a started mock", () => {
  // The event stream's sample reads until the stream ends, which it never does: it is type-checked only.
  const runnable = operations.filter(({ responseTypes }) => !responseTypes.includes("text/event-stream"));

  it.each(runnable.map((entry) => [entry.operationId, entry]))("%s answers 2xx", async (operationId, { samples }) => {
    const source = samples["TypeScript"] ?? "";
    expect(source).toContain(`createMockApiClient("${mockOrigin}")`);
    const file = join(runDir, `${operationId}.ts`);
    writeFileSync(file, source.replace(`createMockApiClient("${mockOrigin}")`, `createMockApiClient("${origin}")`));

    for (const [name, value] of Object.entries(await freshVariables())) vi.stubEnv(name, value);
    const statuses: number[] = [];
    const realFetch = globalThis.fetch;
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args);
      statuses.push(response.status);
      return response;
    });
    const logged: unknown[] = [];
    const logSpy = vi.spyOn(console, "log").mockImplementation((value: unknown) => void logged.push(value));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      fetchSpy.mockRestore();
      logSpy.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(statuses).toHaveLength(1);
    expect(statuses[0], JSON.stringify(logged)).toBeGreaterThanOrEqual(200);
    expect(statuses[0], JSON.stringify(logged)).toBeLessThan(300);
    expect(logged).toHaveLength(1);
  });
});
