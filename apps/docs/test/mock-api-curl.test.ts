// Every curl sample of the local Postmark API page, run as written against a started mock in
// emulator mode. The samples read message and server IDs from shell variables: before each one the
// test sends an email (with an HTML part and an attachment) and looks its server up, so even the
// samples that delete or reset find something to act on.
import { freshConfirmationId } from "./confirmation-email.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockServer, type RunningMock } from "@postmark-openapi/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockApiBaseUrl } from "../scripts/mock-api-samples.js";
import { builtMockApiOperations } from "./built-docs.js";
import { runCurl } from "./run-curl.js";
import { shellWords } from "./shell-words.js";

const operations = builtMockApiOperations();
const serverToken = "docs-mock-api-samples";
const attachment = { Name: "receipt.txt", Content: Buffer.from("Paid in full.\n").toString("base64"), ContentType: "text/plain" };
const downloads = mkdtempSync(join(tmpdir(), "docs-mock-api-"));

let mock: RunningMock | undefined;
let origin = "";

beforeAll(async () => {
  mock = await startMockServer({ port: 0, quiet: true });
  origin = mock.url.replace(/\/$/, "");
});

afterAll(async () => {
  await mock?.close();
  rmSync(downloads, { recursive: true, force: true });
});

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${origin}${path}`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json", ...headers }, body: JSON.stringify(body) });
  expect(response.status, `POST ${path}`).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Sends an email through Postmark's API on the mock and returns the variables the samples read. */
let sends = 0;
async function freshVariables(): Promise<Record<string, string>> {
  // A new recipient each time: an earlier sample may have bounced the last one, deactivating it.
  sends += 1;
  // The addFault sample leaves a 429 waiting for the next send: not for this one.
  expect((await fetch(`${origin}/__mock/api/faults`, { method: "DELETE" })).status).toBe(200);
  const sent = await postJson(
    "/email",
    { From: "billing@example.com", To: `jane+${sends}@example.org`, Subject: "Your receipt", HtmlBody: '<p>Thanks! <a href="https://example.com/order">Your order</a></p>', TextBody: "Thanks!", Attachments: [attachment] },
    { "X-Postmark-Server-Token": serverToken },
  );
  const servers = (await (await fetch(`${origin}/__mock/api/servers`)).json()) as { Servers: { ID: number; MessageCount: number }[] };
  const server = servers.Servers.find((entry) => entry.MessageCount > 0);
  return { MESSAGE_ID: String(sent.MessageID), SERVER_ID: String(server?.ID), INDEX: "0", CONFIRMATION_ID: await freshConfirmationId(origin) };
}

/** The sample's curl arguments with the documented address swapped for the started mock's. */
function argumentsFor(sample: string | undefined, variables: Record<string, string>): string[] {
  if (sample === undefined) throw new Error("the operation has no curl sample");
  const [command, ...args] = shellWords(sample, variables);
  expect(command).toBe("curl");
  const urlIndex = args.findIndex((arg) => arg.startsWith(`${mockApiBaseUrl}/`));
  expect(urlIndex, "the sample calls the documented address").toBeGreaterThan(-1);
  args[urlIndex] = `${origin}/__mock/api${(args[urlIndex] ?? "").slice(mockApiBaseUrl.length)}`;
  return args;
}

describe("curl samples of the local Postmark API against a started mock", () => {
  it("cover every operation of the document", () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const { operationId, samples } of operations) expect(samples.curl, operationId).toBeDefined();
  });

  it.each(operations.map((entry) => [entry.operationId, entry]))("%s answers 2xx", async (operationId, { samples, responseTypes }) => {
    const args = argumentsFor(samples.curl, await freshVariables());
    const streams = responseTypes.includes("text/event-stream");
    // The event stream never ends: a short --max-time (3 s) closes it once the answer has begun.
    const result = await runCurl(args, { cwd: downloads, maxTime: streams ? 3 : 30 });
    const report = `curl ${args.join(" ")}\n→ ${result.status} ${result.body.slice(0, 500)}`;
    expect(result.exitCode, report).toBe(streams ? 28 : 0);
    expect(result.status, report).toBeGreaterThanOrEqual(200);
    expect(result.status, report).toBeLessThan(300);
    if (operationId === "getCapturedAttachment") {
      expect(readdirSync(downloads)).toContain(attachment.Name);
      expect(readFileSync(join(downloads, attachment.Name), "utf8")).toBe("Paid in full.\n");
    }
  });
});
