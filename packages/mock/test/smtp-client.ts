// For SMTP tests: a raw SMTP conversation over a socket, one command and its whole reply at a
// time, to see exactly what the local Postmark answers where a client library would hide it.
import { connect, type Socket } from "node:net";

export interface SmtpConversation {
  /** the server's greeting */
  greeting: string;
  /** sends one line and resolves with the reply, every line of it */
  send(line: string): Promise<string>;
  close(): void;
}

export async function converse(port: number, host = "127.0.0.1"): Promise<SmtpConversation> {
  const socket: Socket = connect(port, host);
  socket.setEncoding("utf8");
  let buffer = "";
  let waiting: ((reply: string) => void) | undefined;
  const take = () => {
    // A reply ends with a line whose code is followed by a space (RFC 5321, 4.2).
    const end = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffer);
    if (!end || !waiting) return;
    const length = end.index + end[0].length;
    const reply = buffer.slice(0, length).replace(/\r\n$/, "");
    buffer = buffer.slice(length);
    const resolve = waiting;
    waiting = undefined;
    resolve(reply);
  };
  const next = () =>
    new Promise<string>((resolve, reject) => {
      waiting = resolve;
      socket.once("error", reject);
      take();
    });
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    take();
  });
  const greeting = await next();
  return {
    greeting,
    send(line) {
      const reply = next();
      socket.write(`${line}\r\n`);
      return reply;
    },
    close: () => socket.destroy(),
  };
}

export const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
