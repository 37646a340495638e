// Prism's sub-packages are pinned to the 5.12 line: with 5.16 (what prism-cli 5.14.2's ranges
// pull in, and what prism-cli 5.16 itself uses) a malformed JSON body hangs the request forever,
// on Node 20 and on Node 24 alike. The raw `prism mock` CLI (used by the benchmarks) must answer
// such a request at once.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, type AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSpecPath } from "../src/spec.js";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

function versionOf(name: string): string {
  const prismCli = dirname(require.resolve("@stoplight/prism-cli/package.json"));
  return createRequire(join(prismCli, "package.json"))(`${name}/package.json`).version;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("the Prism pin", () => {
  it.each([
    ["@stoplight/prism-http", /^5\.12\./],
    ["@stoplight/prism-core", /^5\.8\./],
    ["@stoplight/prism-http-server", /^5\.12\./],
  ])("prism-cli resolves %s to the pinned line", (name, expected) => {
    expect(versionOf(name)).toMatch(expected);
  });

  describe("raw prism mock", () => {
    let prism: ChildProcess | undefined;
    let url = "";
    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      prism = spawn(join(here, "..", "node_modules", ".bin", "prism"), ["mock", "-h", "127.0.0.1", "-p", String(port), defaultSpecPath], { stdio: "ignore" });
      const deadline = Date.now() + 55_000;
      while (Date.now() < deadline) {
        const up = await fetch(`${url}/server`, { headers: { "X-Postmark-Server-Token": "t" } }).then(() => true, () => false);
        if (up) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error("prism mock did not start within 55 s");
    });
    afterAll(() => {
      prism?.kill();
    });

    it("answers malformed JSON with a 4xx within two seconds", async () => {
      const response = await fetch(`${url}/email`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-Postmark-Server-Token": "t" },
        body: '{"From": "a@example.com", "To": ',
        signal: AbortSignal.timeout(2_000),
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });
  });
});
