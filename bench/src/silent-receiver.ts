// A webhook receiver that never answers, in its own process: `node silent-receiver.js`. It takes
// connections and requests and holds them, counting the sockets open to it; it sends the parent
// its URL, and on { type: "report" } how many sockets are open and the most there were.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface SilentReceiverReport {
  open: number;
  mostOpen: number;
  requests: number;
}

const held = new Set<ServerResponse>();
const sockets = new Set<Socket>();
let mostOpen = 0;
let requests = 0;
const server = createServer((_request, response) => {
  requests++;
  held.add(response);
  response.on("close", () => held.delete(response));
});
server.on("connection", (socket: Socket) => {
  sockets.add(socket);
  mostOpen = Math.max(mostOpen, sockets.size);
  socket.on("close", () => sockets.delete(socket));
});
// Requests are held for as long as the mock keeps them open, not cut off by Node's own timeouts.
server.requestTimeout = 0;
server.headersTimeout = 0;
server.listen(0, "127.0.0.1", () => process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));

process.on("message", (message: { type?: string }) => {
  if (message.type === "report") process.send?.({ open: sockets.size, mostOpen, requests } satisfies SilentReceiverReport);
});
const stop = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("disconnect", stop);
