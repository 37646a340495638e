import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryFolder } from "../../test/temporary-folders.js";
import { createInboxHandler, defaultInboxDir } from "./inbox.js";

// The page's files in a folder of their own, beside a file the page must never serve.
const root = temporaryFolder("inbox-page-");
const dir = join(root, "page");
mkdirSync(dir);
writeFileSync(join(dir, "index.html"), "<!doctype html><title>inbox</title>");
writeFileSync(join(dir, "inbox.js"), "console.log(1)");
writeFileSync(join(dir, "inbox.css"), "body{}");
writeFileSync(join(dir, "notes.txt"), "not a page file");
mkdirSync(join(dir, "nested"));
writeFileSync(join(root, "outside.html"), "outside");

let server: Server;
const port = () => (server.address() as AddressInfo).port;

/** A request with its path exactly as written (fetch would resolve the dot segments itself). */
function raw(path: string, method = "GET"): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request({ host: "127.0.0.1", port: port(), path, method }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    call.on("error", reject);
    call.end();
  });
}
beforeAll(async () => {
  const serve = createInboxHandler(dir);
  server = createServer((request, response) => {
    void serve(request, response).then((taken) => {
      if (!taken) response.writeHead(418).end("passed on");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("serving the inbox page", () => {
  const cases: { path: string; method: string; status: number; type?: string; body?: string }[] = [
    { path: "/__mock/", method: "GET", status: 200, type: "text/html; charset=utf-8", body: "<!doctype html><title>inbox</title>" },
    { path: "/__mock/?q=x", method: "GET", status: 200, type: "text/html; charset=utf-8" },
    { path: "/__mock/index.html", method: "GET", status: 200, type: "text/html; charset=utf-8" },
    { path: "/__mock/inbox.js", method: "GET", status: 200, type: "text/javascript; charset=utf-8", body: "console.log(1)" },
    { path: "/__mock/inbox.css", method: "GET", status: 200, type: "text/css; charset=utf-8" },
    { path: "/__mock/inbox.js", method: "HEAD", status: 200, type: "text/javascript; charset=utf-8", body: "" },
    { path: "/__mock/missing.js", method: "GET", status: 404 },
    { path: "/__mock/notes.txt", method: "GET", status: 404 },
    { path: "/__mock/nested", method: "GET", status: 404 },
    { path: "/__mock/../outside.html", method: "GET", status: 404 },
    { path: "/__mock/%2e%2e/outside.html", method: "GET", status: 404 },
    // Everything else belongs to the control API or to Postmark's API.
    { path: "/__mock/api/messages", method: "GET", status: 418 },
    { path: "/__mock/api", method: "GET", status: 418 },
    { path: "/__mock/", method: "POST", status: 418 },
    { path: "/email", method: "GET", status: 418 },
    { path: "/__mockery", method: "GET", status: 418 },
  ];
  it.each(cases)("$path ($method) → $status", async ({ path, method, status, type, body }) => {
    const response = await raw(path, method);
    expect(response.status).toBe(status);
    if (type) expect(response.headers["content-type"]).toBe(type);
    if (body !== undefined) expect(response.body).toBe(body);
    if (status === 200) {
      expect(response.headers["content-security-policy"]).toContain("default-src 'self'");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
    }
  });

  it("sends /__mock to the page's address with its slash", async () => {
    const response = await raw("/__mock");
    expect(response.status).toBe(301);
    expect(response.headers["location"]).toBe("/__mock/");
  });

  it("says so when the page was not built", async () => {
    const serve = createInboxHandler(join(dir, "not-built"));
    const unbuilt = createServer((request, response) => void serve(request, response));
    await new Promise<void>((resolve) => unbuilt.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(unbuilt.address() as AddressInfo).port}/__mock/`);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/not built/);
    } finally {
      await new Promise((resolve) => unbuilt.close(resolve));
    }
  });

  it("finds the build beside the package's manifest", () => {
    expect(defaultInboxDir()).toMatch(/packages[\\/]mock[\\/]dist[\\/]inbox$/);
  });
});
