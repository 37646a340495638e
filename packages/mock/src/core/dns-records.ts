// The DNS side of a sending domain, shared by domains and sender signatures: the DKIM keys (active,
// pending, revoked), the custom Return-Path domain and the legacy SPF values. A local Postmark
// has no DNS to look at, so a "verification" succeeds whenever there is something to verify:
// the pending DKIM key becomes the active one, a custom Return-Path domain counts as verified.
import type { Schemas } from "./types.js";
import { postmarkTimestamp } from "./time.js";
import { base64Of } from "./mail/encoding.js";

export type DnsAuthentication = Schemas["DnsAuthentication"];
export type DkimSettings = Schemas["DkimSettings"];

/** Where every Return-Path CNAME must point, and the SPF value Postmark has long published. */
export const returnPathCnameValue = "pm.mtasv.net";
export const spfTextValue = "v=spf1 a mx include:spf.mtasv.net ~all";

/** What key generation needs from the context: randomness that tests can pin, and the clock. */
export interface KeySource {
  uuid(): string;
  now: Date;
}

/** The DNS records of a domain just added: a first DKIM key waits to be published, nothing is verified. */
export function newDnsAuthentication(source: KeySource, domain: string, returnPathDomain: string): DnsAuthentication {
  const dns: DnsAuthentication = {
    SPFVerified: false,
    SPFHost: domain,
    SPFTextValue: spfTextValue,
    DKIMVerified: false,
    WeakDKIM: false,
    DKIMHost: "",
    DKIMTextValue: "",
    DKIMPendingHost: "",
    DKIMPendingTextValue: "",
    DKIMRevokedHost: "",
    DKIMRevokedTextValue: "",
    SafeToRemoveRevokedKeyFromDNS: false,
    DKIMUpdateStatus: "Pending",
    ReturnPathDomain: returnPathDomain,
    ReturnPathDomainVerified: false,
    ReturnPathDomainCNAMEValue: returnPathCnameValue,
  };
  startDkimKey(source, dns, domain);
  return dns;
}

/** Whether a new DKIM key is waiting for its TXT record (a first key or a rotation). */
export function dkimKeyPending(dns: DkimSettings): boolean {
  return dns.DKIMPendingHost !== "";
}

/**
 * Puts a new key in the pending fields; the active key keeps signing until the new one is verified.
 * The caller refuses with ErrorCode 505 when a key is pending already.
 */
export function startDkimKey(source: KeySource, dns: DkimSettings, domain: string): void {
  dns.DKIMPendingHost = dkimHost(source.now, domain, dns.DKIMHost);
  dns.DKIMPendingTextValue = `k=rsa;p=${publicKeyBase64(source)}`;
  dns.DKIMUpdateStatus = "Pending";
}

/** The DNS lookup of the DKIM record, which always finds the pending key published. */
export function verifyDkim(dns: DkimSettings): void {
  if (!dkimKeyPending(dns)) return;
  const rotation = dns.DKIMHost !== "";
  if (rotation) {
    dns.DKIMRevokedHost = dns.DKIMHost;
    dns.DKIMRevokedTextValue = dns.DKIMTextValue;
    // Nothing signed with the old key is still in flight in a local Postmark.
    dns.SafeToRemoveRevokedKeyFromDNS = true;
  }
  dns.DKIMHost = dns.DKIMPendingHost;
  dns.DKIMTextValue = dns.DKIMPendingTextValue;
  dns.DKIMPendingHost = "";
  dns.DKIMPendingTextValue = "";
  dns.DKIMVerified = true;
  dns.WeakDKIM = false;
  dns.DKIMUpdateStatus = "Verified";
}

/** The DNS lookup of the Return-Path CNAME: found whenever a custom Return-Path domain is set. */
export function verifyReturnPath(dns: DnsAuthentication): void {
  dns.ReturnPathDomainVerified = dns.ReturnPathDomain !== "";
}

/** A new custom Return-Path domain (or none, with ""), not verified until its CNAME is checked. */
export function setReturnPath(dns: DnsAuthentication, returnPathDomain: string): void {
  if (dns.ReturnPathDomain.toLowerCase() === returnPathDomain.toLowerCase()) return;
  dns.ReturnPathDomain = returnPathDomain;
  dns.ReturnPathDomainVerified = false;
}

/** Every DNS field of a record that holds them (a domain, or a signature without a domain). */
export function dnsAuthenticationOf(dns: DnsAuthentication): DnsAuthentication {
  return {
    SPFVerified: dns.SPFVerified,
    SPFHost: dns.SPFHost,
    SPFTextValue: dns.SPFTextValue,
    ...dkimSettingsOf(dns),
    ReturnPathDomain: dns.ReturnPathDomain,
    ReturnPathDomainVerified: dns.ReturnPathDomainVerified,
    ReturnPathDomainCNAMEValue: dns.ReturnPathDomainCNAMEValue,
  };
}

export function dkimSettingsOf(dns: DkimSettings): DkimSettings {
  return {
    DKIMVerified: dns.DKIMVerified,
    WeakDKIM: dns.WeakDKIM,
    DKIMHost: dns.DKIMHost,
    DKIMTextValue: dns.DKIMTextValue,
    DKIMPendingHost: dns.DKIMPendingHost,
    DKIMPendingTextValue: dns.DKIMPendingTextValue,
    DKIMRevokedHost: dns.DKIMRevokedHost,
    DKIMRevokedTextValue: dns.DKIMRevokedTextValue,
    SafeToRemoveRevokedKeyFromDNS: dns.SafeToRemoveRevokedKeyFromDNS,
    DKIMUpdateStatus: dns.DKIMUpdateStatus,
  };
}

/**
 * Postmark names each key's selector after the moment it was made, in Eastern time
 * (`20261124140531pm._domainkey.example.com`). A second key made in the same second moves on a
 * second, so a rotation never reuses the active selector.
 */
function dkimHost(now: Date, domain: string, activeHost: string): string {
  for (let at = now.getTime(); ; at += 1000) {
    const digits = postmarkTimestamp(new Date(at)).slice(0, 19).replace(/\D/g, "");
    const host = `${digits}pm._domainkey.${domain}`;
    if (host !== activeHost) return host;
  }
}

/**
 * A 1024-bit RSA public key in the SubjectPublicKeyInfo form a DKIM `p=` tag carries. The modulus
 * is random (no private key exists: nothing is signed locally), but the value parses as a key.
 */
function publicKeyBase64(source: KeySource): string {
  const modulus: number[] = [];
  while (modulus.length < 128) {
    const hex = source.uuid().replace(/-/g, "");
    for (let i = 0; i + 1 < hex.length && modulus.length < 128; i += 2) modulus.push(parseInt(hex.slice(i, i + 2), 16));
  }
  modulus[0] = (modulus[0] ?? 0) | 0x80;
  modulus[127] = (modulus[127] ?? 0) | 0x01;
  const rsaEncryptionAlgorithm = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
  const rsaPublicKey = [0x30, 0x81, 0x89, 0x02, 0x81, 0x81, 0x00, ...modulus, 0x02, 0x03, 0x01, 0x00, 0x01];
  const der = [0x30, 0x81, 0x9f, ...rsaEncryptionAlgorithm, 0x03, 0x81, 0x8d, 0x00, ...rsaPublicKey];
  return base64Of(Uint8Array.from(der));
}
