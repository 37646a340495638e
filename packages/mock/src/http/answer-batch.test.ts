// Answers written once per turn of the event loop: all of them, in order, and none left waiting
// when one cannot be written. A real server and real connections.
import { createServer, request as httpRequest, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAnswerBatch } from "./answer-batch.js";

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server whose handler answers through the batch; `answer` says what each path gets. */
async function serve(answer: (path: string, response: ServerResponse) => unknown): Promise<{ url: string; failures: unknown[]; endedAtOnce: boolean[] }> {
  const failures: unknown[] = [];
  const endedAtOnce: boolean[] = [];
  const batch = createAnswerBatch((error) => failures.push(error));
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const body = answer(request.url ?? "/", response);
      response.writeHead(200, { "content-type": "text/plain" });
      batch.end(response, body as string);
      endedAtOnce.push(response.writableEnded);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, failures, endedAtOnce };
}

/** The body, or the error that ended the exchange. */
function get(url: string): Promise<{ body: string } | { error: string }> {
  return new Promise((resolve) => {
    httpRequest(url, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ body }));
      response.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    })
      .on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }))
      .end();
  });
}

describe("answers written once per turn", () => {
  it("writes every answer with its own body, none of them during the turn that set it", async () => {
    const { url, failures, endedAtOnce } = await serve((path) => `answer to ${path}`);
    const paths = Array.from({ length: 40 }, (_, i) => `/${i}`);
    const answers = await Promise.all(paths.map((path) => get(url + path)));
    expect(answers).toEqual(paths.map((path) => ({ body: `answer to ${path}` })));
    expect(endedAtOnce).toEqual(paths.map(() => false));
    expect(failures).toEqual([]);
  });

  it("closes the connection of an answer that cannot be written and still writes the others", async () => {
    // A number is not a body Node can write: end() throws.
    const { url, failures } = await serve((path) => (path === "/bad" ? 42 : "fine"));
    const answers = await Promise.all(["/a", "/bad", "/b"].map((path) => get(url + path)));
    expect(answers[0]).toEqual({ body: "fine" });
    expect(answers[1]).toHaveProperty("error");
    expect(answers[2]).toEqual({ body: "fine" });
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toContain("chunk");
  });
});
