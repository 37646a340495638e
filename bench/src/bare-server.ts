// The bare server of the hot-path benchmark: plain node:http doing what any server that takes a
// send must do, and nothing more. It reads the whole body, parses it as JSON and answers a small
// JSON built from it (POST /email), or a fixed one (GET /server, which the harness polls to see it
// is up). `node bare-server.js <port> [--answers-per-turn]`: with the flag, it writes its answers
// with the emulator's own module (the mock's src/http/answer-batch.ts), together once per turn of
// the event loop, so the benchmark shows what that way is worth to a server that does no more.
import { createServer, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mockDistDir } from "./paths.js";
import { serverResponse } from "./payloads.js";

const serverBody = Buffer.from(JSON.stringify(serverResponse));

type AnswerBatchModule = { createAnswerBatch(failed: (error: unknown) => void): { end(response: ServerResponse, body: string | Buffer): void } };
const batch = process.argv[3] === "--answers-per-turn" ? ((await import(pathToFileURL(join(mockDistDir, "http", "answer-batch.js")).href)) as AnswerBatchModule).createAnswerBatch((error) => console.error(error)) : undefined;
const end = (response: ServerResponse, body: string | Buffer): void => (batch ? batch.end(response, body) : void response.end(body));

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    let status = 200;
    let body: string | Buffer = serverBody;
    if (request.method === "POST" && request.url === "/email") {
      try {
        const message = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { To?: unknown };
        body = JSON.stringify({ To: message.To, SubmittedAt: new Date().toISOString(), MessageID: randomUUID(), ErrorCode: 0, Message: "OK" });
      } catch {
        status = 400;
        body = JSON.stringify({ ErrorCode: 402, Message: "Received invalid JSON input." });
      }
    } else if (request.method !== "GET" || request.url !== "/server") {
      status = 404;
      body = JSON.stringify({ ErrorCode: 404, Message: "Not found" });
    }
    response.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    end(response, body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1");

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
