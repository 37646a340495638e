// Every curl sample of the built docs, run as written against the mock: only the base URL is
// swapped for the mock's, and the token variables hold placeholder values. The samples address
// records the documented examples name, so they run against the mock's documented-example mode.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startMockServer, type RunningMock } from "@postmark-openapi/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productionBaseUrl } from "../scripts/code-samples.js";
import { builtOperations } from "./built-docs.js";
import { shellWords } from "./shell-words.js";

const run = promisify(execFile);
const tokens = { POSTMARK_SERVER_TOKEN: "docs-test-server-token", POSTMARK_ACCOUNT_TOKEN: "docs-test-account-token" };
const statusMarker = "\nHTTP status: ";
const operations = builtOperations();

let mock: RunningMock | undefined;

beforeAll(async () => {
  mock = await startMockServer({ host: "127.0.0.1", port: 0, quiet: true, mode: "static" });
});

afterAll(async () => {
  await mock?.close();
});

/** The sample's curl arguments, aimed at the mock. */
function argumentsFor(sample: string | undefined): string[] {
  if (!mock || sample === undefined) throw new Error("the mock is not running, or the operation has no curl sample");
  const [command, ...args] = shellWords(sample, tokens);
  expect(command).toBe("curl");
  const urlIndex = args.findIndex((arg) => arg.startsWith(`${productionBaseUrl}/`));
  expect(urlIndex, "the sample calls the production URL").toBeGreaterThan(-1);
  args[urlIndex] = mock.url.replace(/\/$/, "") + (args[urlIndex] ?? "").slice(productionBaseUrl.length);
  return args;
}

describe("curl samples against the mock", () => {
  it.each(operations.map((entry) => [entry.operationId, entry]))("%s answers 2xx", async (_, { samples }) => {
    const args = argumentsFor(samples.curl);
    const { stdout } = await run("curl", [...args, "--silent", "--show-error", "--max-time", "30", "--write-out", `${statusMarker}%{http_code}`]);
    const at = stdout.lastIndexOf(statusMarker);
    const status = Number(stdout.slice(at + statusMarker.length));
    const body = stdout.slice(0, at);
    expect(status, `curl ${args.join(" ")}\n→ ${status} ${body.slice(0, 500)}`).toBeGreaterThanOrEqual(200);
    expect(status, `curl ${args.join(" ")}\n→ ${status} ${body.slice(0, 500)}`).toBeLessThan(300);
  });
});
