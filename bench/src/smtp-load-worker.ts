// Load generator for the SMTP benchmark, in its own process: `node smtp-load-worker.js '<json>'`.
// nodemailer's pooled SMTP transport keeps `connections` connections open, one message in flight
// on each; the same messages (a new Subject each) go to every server measured.
import nodemailer from "nodemailer";

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
const transport = nodemailer.createTransport({
  pool: true,
  maxConnections: connections,
  maxMessages: Number.POSITIVE_INFINITY,
  host: "127.0.0.1",
  port,
  secure: false,
  ignoreTLS: true,
  auth: { user: token, pass: token },
});

let errors = 0;
let firstError: string | undefined;
async function send(index: number): Promise<void> {
  try {
    await transport.sendMail({
      from: "Bench <bench@example.com>",
      to: "reader@example.org",
      subject: `Bench message ${index}`,
      text: "A short message, as an app sends a receipt or a sign-in link: https://app.example/confirm?token=abc",
      html: '<p>A short message, as an app sends a receipt or a <a href="https://app.example/confirm?token=abc">sign-in link</a>.</p>',
      headers: { "X-PM-Tag": "bench" },
    });
  } catch (error) {
    errors++;
    firstError ??= (error as Error).message;
  }
}

/** Sends `total` messages with `connections` in flight at once. */
async function run(total: number, offset: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) await send(offset + next++);
    }),
  );
}

await run(warmup, 0);
errors = 0;
firstError = undefined;
const started = process.hrtime.bigint();
await run(count, warmup);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
transport.close();
const report: SmtpLoadReport = { messages: count, errors, firstError, seconds, messagesPerSecond: (count - errors) / seconds };
process.send!(report);
