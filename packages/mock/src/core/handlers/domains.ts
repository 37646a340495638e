// Domains: the account's sending domains and the DNS records that authenticate them. Any account
// token acts on the whole (single) account, so ErrorCode 513 (another account's domain) never
// happens here.
//
// What a local Postmark can check: the name's syntax and length, uniqueness, and that a custom
// Return-Path domain is a subdomain of the domain. It cannot look up the Return-Path CNAME or the
// DKIM TXT record, so the verify operations always find them (see dns-records.ts).
import { fail } from "../../protocol/errors.js";
import type { HandlerContext, Handlers, OperationsTagged } from "../handler.js";
import { refuseAtCap, retention } from "../retention.js";
import { changed } from "../store/draft.js";
import { dkimKeyPending, dkimSettingsOf, dnsAuthenticationOf, newDnsAuthentication, setReturnPath, startDkimKey, verifyDkim, verifyReturnPath } from "../dns-records.js";
import { isSubdomainOf, validHostname } from "../hostnames.js";
import type { Schemas } from "../types.js";

type DomainRecord = Schemas["DomainDetails"];

export const domainHandlers = {
  listDomains: async (context) => {
    const found = await context.tx.domains.page({ order: "oldest", offset: context.query.offset, limit: context.query.count });
    const body: Schemas["DomainList"] = { TotalCount: found.total, Domains: found.items.map(listed) };
    return { status: 200, body };
  },

  createDomain: async (context) => {
    const request = context.body;
    const name = checkedName(request.Name);
    refuseAtCap(await context.tx.domains.count(), retention.domains, "domains");
    if ((await context.tx.domains.count({ where: { name } })) > 0) fail(422, 512, `The domain ${name} has already been added to this account.`);
    const returnPath = checkedReturnPath(request.ReturnPathDomain ?? "", name);
    const domain: DomainRecord = { ID: await context.nextId("domain"), Name: name, ...newDnsAuthentication(context, name, returnPath) };
    await context.tx.domains.put(domain);
    return details(domain);
  },

  getDomain: async (context) => details(await domainOf(context)),

  editDomain: async (context) => {
    const request = context.body;
    return details(await changeDomain(context, (domain) => {
      if (request.ReturnPathDomain !== undefined) setReturnPath(domain, checkedReturnPath(request.ReturnPathDomain, domain.Name));
    }));
  },

  deleteDomain: async (context) => {
    const domain = await domainOf(context);
    await context.tx.domains.delete(domain.ID);
    const body: Schemas["ActionResult"] = { ErrorCode: 0, Message: `Domain ${domain.Name} removed.` };
    return { status: 200, body };
  },

  verifyDomainDkim: async (context) => details(await changeDomain(context, verifyDkim)),

  verifyDomainReturnPath: async (context) => details(await changeDomain(context, verifyReturnPath)),

  verifyDomainSpf: async (context) => {
    const domain = await changeDomain(context, (draft) => {
      draft.SPFVerified = true;
    });
    const body: Schemas["DomainSpfVerification"] = { SPFHost: domain.SPFHost, SPFTextValue: domain.SPFTextValue, SPFVerified: domain.SPFVerified };
    return { status: 200, body };
  },

  rotateDomainDkim: async (context) => {
    const domain = await changeDomain(context, (draft) => {
      if (dkimKeyPending(draft)) fail(422, 505, "This DKIM is already being renewed.");
      startDkimKey(context, draft, draft.Name);
    });
    const body: Schemas["DomainDkimRotation"] = { ID: domain.ID, Name: domain.Name, ...dkimSettingsOf(domain) };
    return { status: 200, body };
  },
} satisfies Partial<Handlers>;

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

type DomainContext = HandlerContext<Exclude<OperationsTagged<"Domains">, "listDomains" | "createDomain">>;

async function domainOf(context: DomainContext): Promise<DomainRecord> {
  const id = context.pathParams.domainid;
  return (await context.tx.domains.get(id)) ?? fail(422, 510, `This domain was not found: no domain of this account has the ID ${id}.`);
}

/** The domain the path names, changed and stored. */
async function changeDomain(context: DomainContext, change: (draft: DomainRecord) => void): Promise<DomainRecord> {
  const domain = changed(await domainOf(context), change);
  await context.tx.domains.put(domain);
  return domain;
}

function details(domain: DomainRecord) {
  const body: Schemas["DomainDetails"] = { ID: domain.ID, Name: domain.Name, ...dnsAuthenticationOf(domain) };
  return { status: 200 as const, body };
}

function listed(domain: DomainRecord): Schemas["Domain"] {
  return { ID: domain.ID, Name: domain.Name, SPFVerified: domain.SPFVerified, DKIMVerified: domain.DKIMVerified, WeakDKIM: domain.WeakDKIM, ReturnPathDomainVerified: domain.ReturnPathDomainVerified };
}
