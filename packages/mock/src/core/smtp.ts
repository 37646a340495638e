// Mail handed to Postmark over SMTP. Postmark's SMTP service takes a login (a server token as user
// name and password, or an SMTP token bound to one stream), reads the message into the fields of
// an API send and its X-PM-* headers into the send's options, and runs the same rules as the API.
// As the SMTP transaction has succeeded by then, a send the API would refuse is kept and reported
// as a bounce of type SMTPApiError for each recipient (Postmark's "SMTP API Error" webhook page:
// for recipients who are inactive; other refusals are treated alike here).
import { fail } from "../protocol/errors.js";
import { serverByToken, serverForToken, testToken } from "./account.js";
import { checkRecipients, isRuleError, type RuleError } from "./mail/index.js";
import { deliveredSource, type SmtpMessage } from "./mail/smtp-message.js";
import { recordBounce } from "./outcomes.js";
import { retention } from "./retention.js";
import { inactiveRefusal, sendMessage, storeMessage } from "./sending.js";
import { findStoredMessage } from "./sent-messages.js";
import type { SmtpTokenRecord } from "./store/collections.js";
import { streamForSending } from "./streams.js";
import type { MockApiSchemas } from "../protocol/spec-types.js";
import type { Work } from "./work.js";

export type { SmtpEnvelope } from "./mail/smtp-message.js";

/** Who logged in: a server, and the stream an SMTP token is bound to. */
export interface SmtpLogin {
  serverId: number;
  /** the stream of an SMTP token; a server token sends through `X-PM-Message-Stream` or `outbound` */
  stream?: string;
  /** logged in with the test token: every check runs, nothing is kept */
  test?: boolean;
}

export type SmtpLoginOutcome = { ok: true; login: SmtpLogin } | { ok: false; reason: "credentials" | "disabled" };

/** What became of an SMTP message: its MessageID, and the refusal it was reported with as SMTPApiError bounces. */
export interface SmtpAccepted {
  messageId: string;
  reported?: RuleError;
}

/** An SMTP token as the mock API shows it. */
export type SmtpToken = MockApiSchemas["SmtpToken"];

/**
 * Checks a login. `passwordMatches` says whether the password given is this secret (for CRAM-MD5
 * only the client knows the password; it answers a challenge). An SMTP token's access key is looked
 * up first; otherwise the user name is a server token, and the password must be the same token.
 * A new server token gets a server of its own, as on the API.
 */
export async function smtpLogin(work: Work, username: string, passwordMatches: (secret: string) => boolean): Promise<SmtpLoginOutcome> {
  const token = await work.tx.smtpTokens.get(username);
  let login: SmtpLogin;
  if (token && passwordMatches(token.secretKey)) login = { serverId: token.serverId, stream: token.stream };
  else if (username !== "" && passwordMatches(username)) {
    if (username === testToken) return { ok: true, login: { serverId: 0, test: true } };
    login = { serverId: (await serverForToken(work, username)).server.ID };
  } else return { ok: false, reason: "credentials" };
  const server = await work.tx.servers.get(login.serverId);
  if (!server) return { ok: false, reason: "credentials" };
  return server.server.SmtpApiActivated ? { ok: true, login } : { ok: false, reason: "disabled" };
}

/** Takes one SMTP message for the logged-in server: an API send with the message's own source, or SMTPApiError bounces. */
export async function acceptSmtpMessage(work: Work, login: SmtpLogin, smtp: SmtpMessage): Promise<SmtpAccepted> {
  const serverId = login.test ? (await serverForToken(work, testToken)).server.ID : login.serverId;
  const message = { ...smtp.message, MessageStream: login.stream ?? smtp.options.stream ?? "outbound" };
  const server = (await work.tx.servers.get(serverId))?.server;
  const source = (messageId: string) =>
    deliveredSource(smtp.source, { messageId, keepId: smtp.options.keepId, tag: message.Tag, metadata: message.Metadata });
  const outcome = await sendMessage(work, serverId, message, { kind: "email", source, test: login.test === true });
  if (login.test) return { messageId: outcome.ok ? outcome.result.MessageID ?? "" : "" };
  if (outcome.ok) {
    // Inactive recipients are reported, not refused: the send skipped them.
    const { inactive } = outcome;
    const messageId = outcome.result.MessageID ?? "";
    if (inactive.length === 0) return { messageId };
    const record = await findStoredMessage(work.tx, messageId, serverId);
    const reported = inactiveRefusal(inactive);
    if (record) for (const mailbox of inactive) await recordBounce(work, record, mailbox.email, "SMTPApiError", smtpApiErrorDetails(inactiveRefusal([mailbox])));
    return { messageId, reported };
  }
  // Refused by the rules: kept as it came, and each recipient (the envelope's, when the fields cannot say) bounces.
  const error = outcome.error;
  const parsed = checkRecipients(message);
  const recipients = isRuleError(parsed) ? { To: [], Cc: [], Bcc: smtp.envelope.map((email) => ({ email })) } : parsed;
  const messageId = work.uuid();
  await storeMessage(work, serverId, server, message, recipients, messageId, source(messageId), async (record) => {
    for (const mailbox of [...recipients.To, ...recipients.Cc, ...recipients.Bcc]) await recordBounce(work, record, mailbox.email, "SMTPApiError", smtpApiErrorDetails(error));
  });
  return { messageId, reported: error };
}

/** What an SMTPApiError bounce says: the answer the API would have given. */
function smtpApiErrorDetails(error: RuleError): string {
  return `ErrorCode ${error.errorCode}: ${error.message}`;
}

/** A new SMTP token for a sending stream of a server (a server token or its ID names the server). */
export async function createSmtpToken(work: Work, server: number | string, streamId: string): Promise<SmtpToken> {
  const serverId = typeof server === "number" ? server : ((await serverByToken(work.tx, server))?.server.ID ?? fail(404, 601, "No server uses that server token."));
  if (!(await work.tx.servers.get(serverId))) fail(404, 601, `No server has the ID ${serverId}.`);
  const stream = await streamForSending(work.tx, serverId, streamId);
  if ((await work.tx.smtpTokens.count({ scope: serverId })) >= retention.smtpTokensPerServer) {
    fail(422, 300, `A server holds at most ${retention.smtpTokensPerServer} SMTP tokens in the local Postmark.`);
  }
  const record: SmtpTokenRecord = { serverId, stream: stream.ID, accessKey: work.uuid(), secretKey: work.uuid().replace(/-/g, ""), createdAt: work.now.getTime() };
  await work.tx.smtpTokens.put(record);
  return tokenView(record);
}

/** A server's SMTP tokens, oldest first. */
export async function smtpTokensOf(work: Pick<Work, "tx">, serverId: number): Promise<SmtpToken[]> {
  return (await work.tx.smtpTokens.find({ scope: serverId, order: "oldest" })).map(tokenView);
}

function tokenView(record: SmtpTokenRecord): SmtpToken {
  return { AccessKey: record.accessKey, SecretKey: record.secretKey, MessageStream: record.stream, ServerID: record.serverId, CreatedAt: new Date(record.createdAt).toISOString() };
}
