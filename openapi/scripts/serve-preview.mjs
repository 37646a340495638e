// Serves the spec's reference page (dist/preview.html) and the bundled spec on 127.0.0.1.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const host = process.env.DOCS_HOST ?? "127.0.0.1";
const port = Number(process.env.DOCS_PORT ?? 8080);
const files = {
  "/": ["preview.html", "text/html; charset=utf-8"],
  "/openapi.yaml": ["openapi.yaml", "application/yaml"],
  "/openapi.json": ["openapi.json", "application/json"],
};

createServer(async (request, response) => {
  const entry = files[new URL(request.url ?? "/", "http://localhost").pathname];
  if (!entry) {
    response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    return;
  }
  response.writeHead(200, { "content-type": entry[1] }).end(await readFile(join(dist, entry[0])));
}).listen(port, host, () => {
  console.log(`Postmark API reference on http://${host}:${port}/ (spec at /openapi.yaml and /openapi.json)`);
});
