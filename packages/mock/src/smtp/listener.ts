// The local Postmark over SMTP: smtp-server in front of the emulator's SMTP commands, the way
// Postmark's SMTP service stands in front of its API. This adapter does only what SMTP needs: the
// conversation, STARTTLS, the AUTH mechanisms and the message's bytes; the login, the rules and
// what is kept are the core's. Plain connections are allowed, as Postmark allows them.
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Emulator, SmtpLogin } from "../core/emulator.js";
import type { Certificate } from "./certificate.js";

export interface SmtpListenerOptions {
  emulator: Pick<Emulator, "smtp">;
  /** default 127.0.0.1 */
  host?: string;
  /** 0 picks a free port */
  port: number;
  /** the certificate STARTTLS presents */
  tls: Certificate;
  log?: (line: string) => void;
}

export interface SmtpListener {
  host: string;
  port: number;
  /** `smtp://host:port` */
  url: string;
  close(): Promise<void>;
}

/** The largest message taken, as Postmark's SMTP service announces it (`SIZE 20480000`). */
export const smtpMaxMessageBytes = 20_480_000;

/** An error with the SMTP reply code smtp-server answers with. */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/** The message's bytes: the DATA stream's chunks in one Buffer (one chunk, as most messages come, is kept as it is). */
function collect(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    stream.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    stream.once("error", reject);
    stream.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)));
  });
}

export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { emulator, host = "127.0.0.1", log = () => {} } = options;
  const server = new SMTPServer({
    name: "localhost",
    banner: "Local Postmark ESMTP",
    key: options.tls.key,
    cert: options.tls.cert,
    size: smtpMaxMessageBytes,
    authMethods: ["PLAIN", "LOGIN", "CRAM-MD5"],
    // AUTH is offered before STARTTLS too: Postmark takes plain-text logins.
    allowInsecureAuth: true,
    authRequiredMessage: "Error: authentication required: log in with a server token (as user name and password) or an SMTP token",
    // Postmark's service answers with enhanced status codes (535 5.7.8 …) and says so in EHLO.
    hideENHANCEDSTATUSCODES: false,
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, session, callback) {
      authenticate(auth).then(
        (login) => callback(null, { user: login }),
        (error: unknown) => {
          log(`SMTP ${session.remoteAddress} AUTH ${auth.method} refused (${(error as Error).message})`);
          callback(error as Error);
        },
      );
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        (reply) => callback(null, reply),
        (error: unknown) => callback(error as Error),
      );
    },
  });
  server.on("error", (error) => log(`SMTP error: ${error.message}`));

  async function authenticate(auth: SMTPServerAuthentication): Promise<SmtpLogin> {
    const username = auth.username ?? "";
    const matches = auth.method === "CRAM-MD5" ? (secret: string) => auth.validatePassword(secret) : (secret: string) => auth.password === secret;
    const outcome = await emulator.smtp.login(username, matches);
    if (outcome.ok) return outcome.login;
    if (outcome.reason === "disabled") throw smtpError(535, "Error: SMTP is turned off for this server (its SmtpApiActivated is false): turn it on with PUT /server or send with the API");
    throw smtpError(535, "Error: authentication failed: the user name and password must both be a server token, or an SMTP token's access key and secret key");
  }

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const raw = await collect(stream);
    if (stream.sizeExceeded) throw smtpError(552, `Error: message exceeds fixed maximum message size ${smtpMaxMessageBytes}`);
    const login = session.user as SmtpLogin;
    const { mailFrom, rcptTo } = session.envelope;
    const envelope = { from: mailFrom ? mailFrom.address : "", to: rcptTo.map((recipient) => recipient.address) };
    try {
      const accepted = await emulator.smtp.send(login, envelope, raw);
      log(`SMTP ${session.remoteAddress} message ${accepted.messageId} for ${envelope.to.length} recipient(s)${accepted.reported ? ` reported as SMTPApiError (ErrorCode ${accepted.reported.errorCode})` : ""}`);
      return `Ok: queued as ${accepted.messageId}`;
    } catch (error) {
      log(`SMTP ${session.remoteAddress} message failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw smtpError(451, "Error: the local Postmark could not take the message; try again");
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port, host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `smtp://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open sessions are told and closed at once rather than after smtp-server's grace period.
        for (const connection of server.connections) {
          connection.send(421, "Local Postmark shutting down");
          connection.close();
        }
      }),
  };
}
