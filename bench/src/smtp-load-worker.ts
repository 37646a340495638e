// Load generator for the SMTP benchmark, in its own process: `node smtp-load-worker.js '<json>'`.
// `connections` SMTP sessions, each logged in once (AUTH PLAIN) and then sending one message after
// another (MAIL FROM, RCPT TO, DATA), one in flight on each. The messages are written once, as an
// app's mailer would build them (a text and an HTML part, quoted-printable, an X-PM-Tag), with only
// the Subject changing: the generator does little work per message, so that on two cores the
// figure is the server's, not the client's (nodemailer, building each message, took about one core
// alone here and capped both servers near its own speed).
import { connect, type Socket } from "node:net";

export interface SmtpLoadConfig {
  port: number;
  /** log in with this as user name and password (a server token, for the local Postmark) */
  token: string;
  connections: number;
  count: number;
  warmup: number;
}

export interface SmtpLoadReport {
  messages: number;
  errors: number;
  firstError: string | undefined;
  seconds: number;
  messagesPerSecond: number;
}

const { port, token, connections, count, warmup } = JSON.parse(process.argv[2] ?? "{}") as SmtpLoadConfig;

/** The message with the given subject, in SMTP's DATA form (CRLF lines, ending with a lone dot). */
function messageData(index: number): string {
  const text = "A short message, as an app sends a receipt or a sign-in link: https://app.example/confirm?token=abc";
  const html = '<p>A short message, as an app sends a receipt or a <a href=3D"https://app.example/confirm?token=3Dabc">sign-in link</a>.</p>';
  return [
    "From: Bench <bench@example.com>",
    "To: reader@example.org",
    `Subject: Bench message ${index}`,
    `Message-ID: <bench-${index}@example.com>`,
    "Date: Sat, 05 Dec 2026 12:00:00 +0000",
    "X-PM-Tag: bench",
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="--bench-boundary"',
    "",
    "----bench-boundary",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    text,
    "----bench-boundary",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    html,
    "----bench-boundary--",
    ".",
    "",
  ].join("\r\n");
}

/** One SMTP session: reads replies (multi-line ones whole) and sends commands. */
class Session {
  private buffer = "";
  private waiting: ((reply: string) => void) | undefined;
  private replies: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.buffer += chunk;
      // A reply ends with a line whose code is followed by a space ("250 ok"), not a dash ("250-").
      for (let end = this.buffer.indexOf("\r\n"); end >= 0; end = this.buffer.indexOf("\r\n")) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        if (line[3] === "-") continue;
        const waiting = this.waiting;
        this.waiting = undefined;
        if (waiting) waiting(line);
        else this.replies.push(line);
      }
    });
  }

  static async open(): Promise<Session> {
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const session = new Session(socket);
    await session.expect("", "220");
    await session.expect("EHLO bench.example\r\n", "250");
    await session.expect(`AUTH PLAIN ${Buffer.from(`\0${token}\0${token}`).toString("base64")}\r\n`, "235");
    return session;
  }

  /** Writes the text and resolves with the reply, or rejects when its code is not the expected one. */
  async expect(text: string, code: string): Promise<string> {
    const reply = new Promise<string>((resolve) => {
      const ready = this.replies.shift();
      if (ready !== undefined) resolve(ready);
      else this.waiting = resolve;
    });
    if (text) this.socket.write(text);
    const line = await reply;
    if (!line.startsWith(code)) throw new Error(`${text.split("\r\n")[0] || "greeting"}: ${line}`);
    return line;
  }

  async send(index: number): Promise<void> {
    await this.expect("MAIL FROM:<bench@example.com>\r\n", "250");
    await this.expect("RCPT TO:<reader@example.org>\r\n", "250");
    await this.expect("DATA\r\n", "354");
    await this.expect(messageData(index), "250");
  }

  close(): void {
    this.socket.end("QUIT\r\n");
  }
}

let errors = 0;
let firstError: string | undefined;

/** Sends `total` messages over the sessions, one in flight on each. */
async function run(sessions: Session[], total: number, offset: number): Promise<void> {
  let next = 0;
  await Promise.all(
    sessions.map(async (session) => {
      while (next < total) {
        try {
          await session.send(offset + next++);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
}

const sessions = await Promise.all(Array.from({ length: connections }, () => Session.open()));
await run(sessions, warmup, 0);
errors = 0;
firstError = undefined;
const started = process.hrtime.bigint();
await run(sessions, count, warmup);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
for (const session of sessions) session.close();
const report: SmtpLoadReport = { messages: count, errors, firstError, seconds, messagesPerSecond: (count - errors) / seconds };
process.send!(report);
