// Sender signatures: single From addresses the account may send from. Any account token acts on
// the whole (single) account, so ErrorCode 507 (another account's signature) never happens here.
//
// Confirmation: as on Postmark, a new signature starts unconfirmed and a confirmation email with
// a link goes to its address (signature-confirmation.ts keeps it in the account's mailbox, shown
// by the inbox page); following the link confirms it, and `resendSenderSignatureConfirmation`
// sends another until then. Only with strict senders does an unconfirmed signature stop sends
// (ErrorCode 401); by default any From is accepted.
//
// DNS records belong to the address's domain: when the account holds a domain of that name, a
// signature shows (and its DKIM and SPF operations change) that domain's records; otherwise the
// signature keeps records of its own.
import { fail } from "../../protocol/errors.js";
import type { HandlerContext, Handlers, OperationsTagged } from "../handler.js";
import { refuseAtCap, retention } from "../retention.js";
import { changed } from "../store/draft.js";
import type { Transaction } from "../store/store.js";
import { dkimKeyPending, dnsAuthenticationOf, newDnsAuthentication, setReturnPath, startDkimKey, type DnsAuthentication } from "../dns-records.js";
import { domainOfAddress, isSubdomainOf, plainAddress, validHostname } from "../hostnames.js";
import { sendSignatureConfirmation } from "../signature-confirmation.js";
import type { Schemas } from "../types.js";

type SignatureRecord = Schemas["SenderSignatureDetails"];

/** Free mail providers: Postmark refuses their addresses as signatures (ErrorCode 503). */
export const publicMailDomains: ReadonlySet<string> = new Set([
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com", "rocketmail.com",
  "hotmail.com", "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "msn.com", "aol.com",
  "icloud.com", "me.com", "mac.com", "mail.com", "gmx.com", "gmx.net", "gmx.de", "web.de",
  "yandex.com", "yandex.ru", "mail.ru", "protonmail.com", "proton.me", "zoho.com", "qq.com", "163.com",
]);

/** Longest From name, From address and Reply-To a signature keeps (longer ones get ErrorCode 521). */
const maxFieldLength = 255;

export const senderSignatureHandlers = {
  listSenderSignatures: async (context) => {
    const found = await context.tx.senders.page({ order: "oldest", offset: context.query.offset, limit: context.query.count });
    const body: Schemas["SenderSignatureList"] = { TotalCount: found.total, SenderSignatures: found.items.map(listed) };
    return { status: 200, body };
  },

  createSenderSignature: async (context) => {
    const request = context.body;
    const fromEmail = required("FromEmail", request.FromEmail).toLowerCase();
    const name = required("Name", request.Name);
    checkLength({ FromEmail: fromEmail, Name: name, ReplyToEmail: request.ReplyToEmail ?? "" });
    if (!plainAddress(fromEmail)) fail(422, 522, `FromEmail '${request.FromEmail}' is not a valid email address.`);
    const domain = domainOfAddress(fromEmail);
    if (publicMailDomains.has(domain)) fail(422, 503, `You cannot use a public domain (${domain}) for a Sender Signature; use an address on a domain you own.`);
    refuseAtCap(await context.tx.senders.count(), retention.senderSignatures, "sender signatures");
    if ((await context.tx.senders.count({ where: { email: fromEmail } })) > 0) fail(422, 504, `A Sender Signature for ${fromEmail} already exists.`);
    const replyTo = checkedReplyTo(request.ReplyToEmail);
    const returnPath = checkedReturnPath(request.ReturnPathDomain, domain);
    const signature: SignatureRecord = {
      ID: await context.nextId("senderSignature"),
      Domain: domain,
      EmailAddress: fromEmail,
      ReplyToEmailAddress: replyTo,
      Name: name,
      Confirmed: false,
      ConfirmationPersonalNote: request.ConfirmationPersonalNote ?? null,
      ...newDnsAuthentication(context, domain, ""),
    };
    await context.tx.senders.put(signature);
    if (returnPath !== undefined) await changeDns(context.tx, signature, (dns) => setReturnPath(dns, returnPath));
    await sendSignatureConfirmation(context, signature);
    return details(context.tx, signature);
  },

  getSenderSignature: async (context) => details(context.tx, await signatureOf(context)),

  editSenderSignature: async (context) => {
    const current = await signatureOf(context);
    const request = context.body;
    const name = required("Name", request.Name);
    checkLength({ Name: name, ReplyToEmail: request.ReplyToEmail ?? "" });
    const replyTo = request.ReplyToEmail === undefined ? undefined : checkedReplyTo(request.ReplyToEmail);
    const returnPath = checkedReturnPath(request.ReturnPathDomain, current.Domain);
    const signature = changed(current, (draft) => {
      draft.Name = name;
      if (replyTo !== undefined) draft.ReplyToEmailAddress = replyTo;
      if (request.ConfirmationPersonalNote !== undefined) draft.ConfirmationPersonalNote = request.ConfirmationPersonalNote;
    });
    await context.tx.senders.put(signature);
    if (returnPath !== undefined) await changeDns(context.tx, signature, (dns) => setReturnPath(dns, returnPath));
    return details(context.tx, signature);
  },

  deleteSenderSignature: async (context) => {
    const signature = await signatureOf(context);
    await context.tx.senders.delete(signature.ID);
    return done(`Signature ${signature.EmailAddress} removed.`);
  },

  resendSenderSignatureConfirmation: async (context) => {
    const signature = await signatureOf(context);
    if (signature.Confirmed) fail(422, 506, `The Sender Signature ${signature.EmailAddress} is already confirmed.`);
    await sendSignatureConfirmation(context, signature);
    return done(`Confirmation email for Sender Signature ${signature.EmailAddress} was re-sent.`);
  },

  verifySenderSignatureSpf: async (context) => {
    const signature = await signatureOf(context);
    await changeDns(context.tx, signature, (dns) => {
      dns.SPFVerified = true;
    });
    return details(context.tx, signature);
  },

  requestSenderSignatureDkim: async (context) => {
    const signature = await signatureOf(context);
    await changeDns(context.tx, signature, (dns) => {
      if (dkimKeyPending(dns)) fail(422, 505, "This DKIM is already being renewed.");
      startDkimKey(context, dns, signature.Domain);
    });
    return done(`A new DKIM key was requested for ${signature.Domain}.`);
  },
} satisfies Partial<Handlers>;

/** The record that holds the DNS fields of a signature's domain: the domain itself, when added. */
async function dnsHolder(tx: Transaction, signature: SignatureRecord): Promise<DnsAuthentication> {
  const [domain] = await tx.domains.find({ where: { name: signature.Domain }, limit: 1 });
  return domain ?? signature;
}

/** Changes the DNS fields of a signature's domain, wherever they are held, and stores the change. */
async function changeDns(tx: Transaction, signature: SignatureRecord, change: (dns: DnsAuthentication) => void): Promise<void> {
  const [domain] = await tx.domains.find({ where: { name: signature.Domain }, limit: 1 });
  if (domain) await tx.domains.put(changed(domain, change));
  else await tx.senders.put(changed((await tx.senders.get(signature.ID)) ?? signature, change));
}

async function details(tx: Transaction, signature: SignatureRecord) {
  const stored = (await tx.senders.get(signature.ID)) ?? signature;
  const body: Schemas["SenderSignatureDetails"] = {
    ID: signature.ID,
    Domain: signature.Domain,
    EmailAddress: signature.EmailAddress,
    ReplyToEmailAddress: signature.ReplyToEmailAddress,
    Name: signature.Name,
    Confirmed: signature.Confirmed,
    ConfirmationPersonalNote: signature.ConfirmationPersonalNote,
    ...dnsAuthenticationOf(await dnsHolder(tx, stored)),
  };
  return { status: 200 as const, body };
}

function listed(signature: SignatureRecord): Schemas["SenderSignature"] {
  const { ID, Domain, EmailAddress, ReplyToEmailAddress, Name, Confirmed } = signature;
  return { ID, Domain, EmailAddress, ReplyToEmailAddress, Name, Confirmed };
}

function done(message: string) {
  const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: message };
  return { status: 200 as const, body };
}

async function signatureOf(context: HandlerContext<Exclude<OperationsTagged<"Sender Signatures">, "listSenderSignatures" | "createSenderSignature">>): Promise<SignatureRecord> {
  const id = context.pathParams.signatureid;
  return (await context.tx.senders.get(id)) ?? fail(422, 501, `Sender Signature not found: no signature of this account has the ID ${id}.`);
}

/** A required field, trimmed; blank counts as missing (ErrorCode 520). */
function required(field: string, value: string | undefined): string {
  const trimmed = (value ?? "").trim();
  if (trimmed === "") fail(422, 520, `The field ${field} is required.`);
  return trimmed;
}

function checkLength(fields: Record<string, string>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (value.length > maxFieldLength) fail(422, 521, `The field ${field} is ${value.length} characters long; it can be at most ${maxFieldLength}.`);
  }
}

function checkedReplyTo(replyTo: string | undefined): string {
  const trimmed = (replyTo ?? "").trim();
  if (trimmed !== "" && !plainAddress(trimmed)) fail(422, 522, `ReplyToEmail '${replyTo}' is not a valid email address.`);
  return trimmed;
}

/** undefined when not given; "" for Postmark's default Return-Path; else a subdomain of the address's domain. */
function checkedReturnPath(returnPath: string | undefined, domain: string): string | undefined {
  if (returnPath === undefined) return undefined;
  const trimmed = returnPath.trim().toLowerCase();
  if (trimmed === "") return "";
  if (!validHostname(trimmed) || !isSubdomainOf(trimmed, domain)) {
    fail(422, 522, `ReturnPathDomain '${returnPath}' must be a subdomain of ${domain} (such as pm-bounces.${domain}) with a CNAME record pointing to pm.mtasv.net.`);
  }
  return trimmed;
}
