// Serves dist/ (the docs site's pages and the bundled documents) on DOCS_HOST:DOCS_PORT, 127.0.0.1:8080 by
// default. `createDocsServer` is exported so tests can start it on a free port.
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { findAppDir } from "./app-dir.js";
import { sitePages } from "./site-pages.js";

export const defaultDistDir = join(findAppDir(import.meta.url), "dist");

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** The file a URL path names inside `root`, or undefined when it points outside it. */
function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const file = join(root, decoded.endsWith("/") ? `${decoded}index.html` : decoded);
  const inside = relative(root, file);
  return inside.startsWith(`..${sep}`) || inside === ".." || decoded.includes("\0") ? undefined : file;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(body);
}

/** An http.Server (not yet listening) that serves the files under `root`, GET and HEAD only. */
export function createDocsServer({ root = defaultDistDir }: { root?: string } = {}): Server {
  return createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(response, 405, "Method not allowed\n", { allow: "GET, HEAD" });
      return;
    }
    const file = fileFor(root, new URL(request.url ?? "/", "http://localhost").pathname);
    if (!file || !(await isFile(file))) {
      send(response, 404, "Not found\n");
      return;
    }
    const body = await readFile(file);
    response.writeHead(200, {
      "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-cache",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
}

/** Starts the server and resolves with it and the URL it answers on. */
export interface DocsServerOptions {
  root?: string;
  host?: string;
  port?: number;
}

export async function startDocsServer({ root = defaultDistDir, host = "127.0.0.1", port = 8080 }: DocsServerOptions = {}): Promise<{ server: Server; url: string }> {
  const server = createDocsServer({ root });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return { server, url: `http://${urlHost}:${address.port}/` };
}

/**
 * Where `npm start` serves the docs: DOCS_HOST and DOCS_PORT, each 127.0.0.1 and 8080 when unset
 * or empty; a DOCS_PORT that is not a port in decimal digits is an error that quotes it.
 */
export function serveAddress(env: Record<string, string | undefined>): { host: string; port: number } {
  const text = env["DOCS_PORT"] || "8080";
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`DOCS_PORT must be a port from 0 to 65535, got ${JSON.stringify(text)}`);
  return { host: env["DOCS_HOST"] || "127.0.0.1", port };
}

async function main(): Promise<void> {
  if (!existsSync(join(defaultDistDir, "index.html"))) {
    console.error("dist/index.html is missing: build the docs first (npm run build at the repository root, or pnpm --filter @postmark-openapi/docs build).");
    process.exit(1);
  }
  let address;
  try {
    address = serveAddress(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const { url } = await startDocsServer(address);
  console.log(`Postmark API docs on ${url} (bundled spec at ${url}openapi.yaml and ${url}openapi.json)`);
  console.log(`Local Postmark API on ${url}${sitePages.mockApi.file}, guide on ${url}${sitePages.guide.file}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error((error as NodeJS.ErrnoException).code === "EADDRINUSE" ? `Port ${process.env.DOCS_PORT || 8080} is in use: set DOCS_PORT to another port.` : error);
    process.exit(1);
  });
}
