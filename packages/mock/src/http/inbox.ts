// Serves the inbox page (built into dist/inbox/) at /__mock/. Only the files the build wrote are
// served, by name, so no request path can reach anything else on disk.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const inboxPath = "/__mock/";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

// The page runs only its own files and talks only to this server. Frames are allowed from the
// same origin for the message's HTML, which the control API sends with a CSP of its own.
const pageHeaders = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  // Rebuilt files keep their names, so the browser asks again each time.
  "cache-control": "no-cache",
};

/** The folder the build wrote: dist/inbox of this package, from the source or the built file. */
export function defaultInboxDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(dir, "dist", "inbox");
}

export type InboxHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/** A handler for the page's files in `dir`; it answers true when it took the request. */
export function createInboxHandler(dir: string = defaultInboxDir()): InboxHandler {
  let files: Map<string, Buffer> | undefined;
  const load = () => {
    if (files && files.size > 0) return files;
    files = new Map();
    if (existsSync(dir)) for (const name of readdirSync(dir)) if (contentTypes[extname(name)]) files.set(name, readFileSync(join(dir, name)));
    return files;
  };

  return async (request, response) => {
    const pathname = (request.url ?? "/").split("?")[0] ?? "/";
    if (pathname.toLowerCase() === "/__mock") {
      response.writeHead(301, { location: inboxPath }).end();
      return true;
    }
    if (!pathname.startsWith(inboxPath) || pathname.startsWith(`${inboxPath}api/`) || pathname === `${inboxPath}api`) return false;
    // The health checks are the assembly's, not files of the page.
    if (/^\/__mock\/(livez|readyz)$/i.test(pathname)) return false;
    const method = request.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") return false;

    const name = pathname.slice(inboxPath.length) || "index.html";
    const body = load().get(name);
    if (!body) {
      const missing = load().size === 0 ? "The inbox page is not built: run the mock package's build." : `No file ${name} in the inbox page.`;
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8", ...pageHeaders }).end(method === "HEAD" ? undefined : missing);
      return true;
    }
    response.writeHead(200, { "content-type": contentTypes[extname(name)] ?? "application/octet-stream", "content-length": body.length, ...pageHeaders });
    response.end(method === "HEAD" ? undefined : body);
    return true;
  };
}

/** The page as the build left it; files are read once, on the first request. */
export const serveInbox: InboxHandler = createInboxHandler();
