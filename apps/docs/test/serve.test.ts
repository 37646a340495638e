// The static server behind `npm start`: the page, the bundled spec, and nothing outside dist/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveAddress, startDocsServer } from "../scripts/serve.js";

// A throwaway dist/ so this test does not depend on the build.
const root = mkdtempSync(join(tmpdir(), "docs-serve-"));
mkdirSync(join(root, "dist"));
writeFileSync(join(root, "secret.txt"), "outside dist\n");
writeFileSync(join(root, "dist", "index.html"), "<!DOCTYPE html><title>docs</title>\n");
writeFileSync(join(root, "dist", "openapi.json"), '{"openapi":"3.1.0"}\n');
writeFileSync(join(root, "dist", "openapi.yaml"), "openapi: 3.1.0\n");

let server: Server;
let url: string;

beforeAll(async () => {
  ({ server, url } = await startDocsServer({ root: join(root, "dist"), host: "127.0.0.1", port: 0 }));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

/** A raw request, so paths like /../ reach the server as written. */
function get(path: string, method = "GET"): Promise<{ status: number | undefined; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path, method }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode, type: response.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("serve.js", () => {
  it("listens on the port it was given, 0 meaning any free one", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(url).not.toMatch(/:0\/$/);
  });

  it("serves the page at / and /index.html", async () => {
    for (const path of ["/", "/index.html", "/?x=1"]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.type).toBe("text/html; charset=utf-8");
      expect(response.body).toContain("<title>docs</title>");
    }
  });

  it("serves the bundled spec as JSON and YAML", async () => {
    expect(await get("/openapi.json")).toMatchObject({ status: 200, type: "application/json; charset=utf-8", body: '{"openapi":"3.1.0"}\n' });
    expect(await get("/openapi.yaml")).toMatchObject({ status: 200, type: "application/yaml; charset=utf-8", body: "openapi: 3.1.0\n" });
  });

  it("answers 404 for missing files and anything outside dist/", async () => {
    for (const path of ["/missing.html", "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%E0%A4%A"]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    expect(await get("/", "HEAD")).toMatchObject({ status: 200, body: "" });
    expect((await get("/", "POST")).status).toBe(405);
  });
});

describe("serveAddress", () => {
  it.each([
    [{}, { host: "127.0.0.1", port: 8080 }],
    [{ DOCS_HOST: "", DOCS_PORT: "" }, { host: "127.0.0.1", port: 8080 }],
    [{ DOCS_HOST: "0.0.0.0", DOCS_PORT: "9000" }, { host: "0.0.0.0", port: 9000 }],
    [{ DOCS_PORT: "0" }, { host: "127.0.0.1", port: 0 }],
  ])("reads %j as %j (empty counts as unset)", (env, address) => {
    expect(serveAddress(env)).toEqual(address);
  });

  it.each(["0x10", "8080.0", "65536", "docs"])("refuses DOCS_PORT=%s, quoting it", (value) => {
    expect(() => serveAddress({ DOCS_PORT: value })).toThrow(`DOCS_PORT must be a port from 0 to 65535, got "${value}"`);
  });
});
