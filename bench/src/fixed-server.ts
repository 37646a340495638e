// The stand-in for Postmark in the client benchmarks: a plain node:http server, in its own process,
// that answers at once with fixed bodies, so what differs between runs is the client. The mock
// benchmark also loads it as the floor: what the load generator gets from a server doing no work.
// `node fixed-server.mjs [port]`; forked, it sends its URL to the parent.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sendResponse, serverResponse } from "./payloads.js";

const answers: Record<string, Buffer> = {
  "POST /email": Buffer.from(JSON.stringify(sendResponse)),
  "GET /server": Buffer.from(JSON.stringify(serverResponse)),
};
const notFound = Buffer.from(JSON.stringify({ ErrorCode: 404, Message: "Not found" }));

const server = createServer((request, response) => {
  // Read the whole body before answering, as a real server would.
  request.resume();
  request.on("end", () => {
    const body = answers[`${request.method} ${request.url}`];
    response.writeHead(body ? 200 : 404, { "content-type": "application/json; charset=utf-8", "content-length": (body ?? notFound).length });
    response.end(body ?? notFound);
  });
});
server.keepAliveTimeout = 60_000;

server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}` });
});

// Leave with the parent: on SIGTERM or when the IPC channel closes.
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once("SIGTERM", stop);
process.once("disconnect", stop);
