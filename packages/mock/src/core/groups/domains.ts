// Domains: the account's sending domains and the DNS records that authenticate them. Any account
// token acts on the whole (single) account, so ErrorCode 513 (another account's domain) never
// happens here.
//
// What a local Postmark can check: the name's syntax and length, uniqueness, and that a custom
// Return-Path domain is a subdomain of the domain. It cannot look up the Return-Path CNAME or the
// DKIM TXT record, so the verify operations always find them (see dns-records.ts).
import type { Context, Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import { dkimKeyPending, dkimSettingsOf, dnsAuthenticationOf, newDnsAuthentication, setReturnPath, startDkimKey, verifyDkim, verifyReturnPath } from "../dns-records.js";
import { isSubdomainOf, validHostname } from "../hostnames.js";
import { page } from "../paging.js";
import type { OperationId, Schemas } from "../types.js";
import { refuseAtCap, retention } from "../retention.js";

type DomainRecord = Schemas["DomainDetails"];

export const domainHandlers: Partial<Record<OperationId, Handler>> = {
  listDomains: (context) => {
    const { total, items } = page(context.state.domains, context.query());
    const body: Schemas["DomainList"] = { TotalCount: total, Domains: items.map(listed) };
    return { status: 200, body };
  },

  createDomain: (context) => {
    const request = context.body<Schemas["CreateDomainRequest"]>();
    const name = checkedName(request.Name);
    if (context.state.domains.some((domain) => domain.Name.toLowerCase() === name)) fail(422, 512, `The domain ${name} has already been added to this account.`);
    refuseAtCap(context.state.domains.length, retention.domains, "domains");
    const returnPath = checkedReturnPath(request.ReturnPathDomain ?? "", name);
    const domain: DomainRecord = { ID: context.nextId("domain"), Name: name, ...newDnsAuthentication(context, name, returnPath) };
    context.state.domains.push(domain);
    return details(domain);
  },

  getDomain: (context) => details(domainOf(context)),

  editDomain: (context) => {
    const domain = domainOf(context);
    const request = context.body<Schemas["EditDomainRequest"]>();
    if (request.ReturnPathDomain !== undefined) setReturnPath(domain, checkedReturnPath(request.ReturnPathDomain, domain.Name));
    return details(domain);
  },

  deleteDomain: (context) => {
    const domain = domainOf(context);
    context.state.domains = context.state.domains.filter((record) => record !== domain);
    const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: `Domain ${domain.Name} removed.` };
    return { status: 200, body };
  },

  verifyDomainDkim: (context) => {
    const domain = domainOf(context);
    verifyDkim(domain);
    return details(domain);
  },

  verifyDomainReturnPath: (context) => {
    const domain = domainOf(context);
    verifyReturnPath(domain);
    return details(domain);
  },

  verifyDomainSpf: (context) => {
    const domain = domainOf(context);
    domain.SPFVerified = true;
    const body: Schemas["DomainSpfVerification"] = { SPFHost: domain.SPFHost, SPFTextValue: domain.SPFTextValue, SPFVerified: domain.SPFVerified };
    return { status: 200, body };
  },

  rotateDomainDkim: (context) => {
    const domain = domainOf(context);
    if (dkimKeyPending(domain)) fail(422, 505, `A new DKIM key for ${domain.Name} is already waiting to be verified; publish ${domain.DKIMPendingHost} and verify it before rotating again.`);
    startDkimKey(context, domain, domain.Name);
    const body: Schemas["DomainDkimRotation"] = { ID: domain.ID, Name: domain.Name, ...dkimSettingsOf(domain) };
    return { status: 200, body };
  },
};

/** The Name rules Postmark states: required (514), at most 255 characters (515), a valid domain (516). */
export function domainNameProblem(name: string | undefined): { errorCode: 514 | 515 | 516; message: string } | undefined {
  const trimmed = (name ?? "").trim();
  if (trimmed === "") return { errorCode: 514, message: "A Name is required to create a domain." };
  if (trimmed.length > 255) return { errorCode: 515, message: `The domain Name is ${trimmed.length} characters long; it can be at most 255.` };
  if (!validHostname(trimmed)) return { errorCode: 516, message: `'${trimmed}' is not a valid domain name.` };
  return undefined;
}

function checkedName(name: string | undefined): string {
  const problem = domainNameProblem(name);
  if (problem) fail(422, problem.errorCode, problem.message);
  return (name ?? "").trim().toLowerCase();
}

/** A custom Return-Path domain must be a host name below the domain; "" means Postmark's default. */
function checkedReturnPath(returnPath: string, domain: string): string {
  const trimmed = returnPath.trim().toLowerCase();
  if (trimmed === "") return "";
  if (!validHostname(trimmed) || !isSubdomainOf(trimmed, domain)) {
    fail(422, 511, `Invalid fields supplied: ReturnPathDomain '${returnPath}' must be a subdomain of ${domain} (such as pm-bounces.${domain}) with a CNAME record pointing to pm.mtasv.net.`);
  }
  return trimmed;
}

function domainOf(context: Context): DomainRecord {
  const id = Number(context.param("domainid"));
  return context.state.domains.find((domain) => domain.ID === id) ?? fail(422, 510, `This domain was not found: no domain of this account has the ID ${id}.`);
}

function details(domain: DomainRecord) {
  const body: Schemas["DomainDetails"] = { ID: domain.ID, Name: domain.Name, ...dnsAuthenticationOf(domain) };
  return { status: 200, body };
}

function listed(domain: DomainRecord): Schemas["Domain"] {
  return { ID: domain.ID, Name: domain.Name, SPFVerified: domain.SPFVerified, DKIMVerified: domain.DKIMVerified, WeakDKIM: domain.WeakDKIM, ReturnPathDomainVerified: domain.ReturnPathDomainVerified };
}
