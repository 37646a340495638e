// The addresses the program needs besides the mock: a front that serves the browser page and
// forwards API paths to the mock (so the page and the API share one origin, as behind an app's own
// proxy), a path under it that never answers, and a port where nothing listens.
import { createReadStream } from "node:fs";
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

export interface Front {
  url: string;
  close(): Promise<void>;
}

/** Files of the consumer project the page loads, by URL path. */
const pageFiles: Record<string, [file: string, type: string]> = {
  "/": ["page.html", "text/html; charset=utf-8"],
  "/program.js": ["program.js", "text/javascript; charset=utf-8"],
  "/node_modules/@postmark-openapi/client/dist/index.js": [join("node_modules", "@postmark-openapi", "client", "dist", "index.js"), "text/javascript; charset=utf-8"],
};

export const hangPrefix = "/hang/";

export async function startFront(projectDir: string, mockUrl: string): Promise<Front> {
  const mock = new URL(mockUrl);
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://front.invalid").pathname;
    const file = pageFiles[path];
    if (file && request.method === "GET") {
      response.writeHead(200, { "content-type": file[1], "cache-control": "no-store" });
      createReadStream(join(projectDir, file[0])).pipe(response);
    } else if (path.startsWith(hangPrefix)) {
      // Read the request, never answer: the client's timeout must end it.
      hanging.add(response);
      request.resume();
      response.on("close", () => hanging.delete(response));
    } else {
      proxy(request, response, mock);
    }
  });
  const url = await listen(server);
  return {
    url,
    close: () => new Promise((resolve) => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function proxy(request: IncomingMessage, response: ServerResponse, target: URL) {
  const upstream = forward(
    { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: { ...request.headers, host: target.host } },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on("error", (error) => {
    response.writeHead(502, { "content-type": "text/plain" });
    response.end(`the mock did not answer: ${error.message}`);
  });
  request.pipe(upstream);
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** A port that was free a moment ago: nothing listens there, so connecting is refused. */
export async function freePort(): Promise<number> {
  const server = createServer();
  const url = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return Number(new URL(url).port);
}
