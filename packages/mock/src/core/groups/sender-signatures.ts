// Sender signatures: single From addresses the account may send from. Any account token acts on
// the whole (single) account, so ErrorCode 507 (another account's signature) never happens here.
//
// Confirmation: Postmark emails a link to the address, and the signature is unconfirmed until it
// is followed. A local Postmark sends no email, so:
// - by default a new signature is confirmed at once (nobody should have to register senders to
//   try an app locally);
// - with strict senders it starts unconfirmed, sends get ErrorCode 401 from it, and
//   `resendSenderSignatureConfirmation` stands for the owner following the re-sent link: it
//   confirms the signature.
//
// DNS records belong to the address's domain: when the account holds a domain of that name, a
// signature shows (and its DKIM and SPF operations change) that domain's records; otherwise the
// signature keeps records of its own.
import type { Context, Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import { dkimKeyPending, dnsAuthenticationOf, newDnsAuthentication, setReturnPath, startDkimKey, type DnsAuthentication } from "../dns-records.js";
import { domainOfAddress, isSubdomainOf, plainAddress, validHostname } from "../hostnames.js";
import { page } from "../paging.js";
import type { State } from "../state.js";
import type { OperationId, Schemas } from "../types.js";
import { refuseAtCap, retention } from "../retention.js";

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

export const senderSignatureHandlers: Partial<Record<OperationId, Handler>> = {
  listSenderSignatures: (context) => {
    const { total, items } = page(context.state.senders, context.query());
    const body: Schemas["SenderSignatureList"] = { TotalCount: total, SenderSignatures: items.map(listed) };
    return { status: 200, body };
  },

  createSenderSignature: (context) => {
    const request = context.body<Schemas["CreateSenderSignatureRequest"]>();
    const fromEmail = required("FromEmail", request.FromEmail).toLowerCase();
    const name = required("Name", request.Name);
    checkLength({ FromEmail: fromEmail, Name: name, ReplyToEmail: request.ReplyToEmail ?? "" });
    if (!plainAddress(fromEmail)) fail(422, 522, `FromEmail '${request.FromEmail}' is not a valid email address.`);
    const domain = domainOfAddress(fromEmail);
    if (publicMailDomains.has(domain)) fail(422, 503, `You cannot use a public domain (${domain}) for a Sender Signature; use an address on a domain you own.`);
    if (context.state.senders.some((signature) => signature.EmailAddress.toLowerCase() === fromEmail)) fail(422, 504, `A Sender Signature for ${fromEmail} already exists.`);
    refuseAtCap(context.state.senders.length, retention.senderSignatures, "sender signatures");
    const replyTo = checkedReplyTo(request.ReplyToEmail);
    const returnPath = checkedReturnPath(request.ReturnPathDomain, domain);
    const signature: SignatureRecord = {
      ID: context.nextId("senderSignature"),
      Domain: domain,
      EmailAddress: fromEmail,
      ReplyToEmailAddress: replyTo,
      Name: name,
      Confirmed: !context.settings.strictSenders,
      ConfirmationPersonalNote: request.ConfirmationPersonalNote ?? null,
      ...newDnsAuthentication(context, domain, ""),
    };
    context.state.senders.push(signature);
    if (returnPath !== undefined) setReturnPath(dnsHolder(context.state, signature), returnPath);
    return details(context.state, signature);
  },

  getSenderSignature: (context) => details(context.state, signatureOf(context)),

  editSenderSignature: (context) => {
    const signature = signatureOf(context);
    const request = context.body<Schemas["EditSenderSignatureRequest"]>();
    const name = required("Name", request.Name);
    checkLength({ Name: name, ReplyToEmail: request.ReplyToEmail ?? "" });
    const replyTo = request.ReplyToEmail === undefined ? undefined : checkedReplyTo(request.ReplyToEmail);
    const returnPath = checkedReturnPath(request.ReturnPathDomain, signature.Domain);
    signature.Name = name;
    if (replyTo !== undefined) signature.ReplyToEmailAddress = replyTo;
    if (request.ConfirmationPersonalNote !== undefined) signature.ConfirmationPersonalNote = request.ConfirmationPersonalNote;
    if (returnPath !== undefined) setReturnPath(dnsHolder(context.state, signature), returnPath);
    return details(context.state, signature);
  },

  deleteSenderSignature: (context) => {
    const signature = signatureOf(context);
    context.state.senders = context.state.senders.filter((record) => record !== signature);
    return done(`Signature ${signature.EmailAddress} removed.`);
  },

  resendSenderSignatureConfirmation: (context) => {
    const signature = signatureOf(context);
    if (signature.Confirmed) fail(422, 506, `The Sender Signature ${signature.EmailAddress} is already confirmed.`);
    signature.Confirmed = true;
    return done(`Confirmation email for Sender Signature ${signature.EmailAddress} was re-sent.`);
  },

  verifySenderSignatureSpf: (context) => {
    const signature = signatureOf(context);
    dnsHolder(context.state, signature).SPFVerified = true;
    return details(context.state, signature);
  },

  requestSenderSignatureDkim: (context) => {
    const signature = signatureOf(context);
    const dns = dnsHolder(context.state, signature);
    if (dkimKeyPending(dns)) fail(422, 505, `A new DKIM key for ${signature.Domain} is already waiting to be verified.`);
    startDkimKey(context, dns, signature.Domain);
    return done(`A new DKIM key was requested for ${signature.Domain}.`);
  },
};

/** The record that holds the DNS fields of a signature's domain: the domain itself, when added. */
function dnsHolder(state: State, signature: SignatureRecord): DnsAuthentication {
  return state.domains.find((domain) => domain.Name.toLowerCase() === signature.Domain) ?? signature;
}

function details(state: State, signature: SignatureRecord) {
  const body: Schemas["SenderSignatureDetails"] = {
    ID: signature.ID,
    Domain: signature.Domain,
    EmailAddress: signature.EmailAddress,
    ReplyToEmailAddress: signature.ReplyToEmailAddress,
    Name: signature.Name,
    Confirmed: signature.Confirmed,
    ConfirmationPersonalNote: signature.ConfirmationPersonalNote,
    ...dnsAuthenticationOf(dnsHolder(state, signature)),
  };
  return { status: 200, body };
}

function listed(signature: SignatureRecord): Schemas["SenderSignature"] {
  const { ID, Domain, EmailAddress, ReplyToEmailAddress, Name, Confirmed } = signature;
  return { ID, Domain, EmailAddress, ReplyToEmailAddress, Name, Confirmed };
}

function done(message: string) {
  const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: message };
  return { status: 200, body };
}

function signatureOf(context: Context): SignatureRecord {
  const id = Number(context.param("signatureid"));
  return context.state.senders.find((signature) => signature.ID === id) ?? fail(422, 501, `Sender Signature not found: no signature of this account has the ID ${id}.`);
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
