import { describe, expect, it } from "vitest";
import { newDnsAuthentication, startDkimKey, verifyDkim } from "./dns-records.js";

let counter = 0;
const source = (now: string) => ({ now: new Date(now), uuid: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}` });

/** The bytes of a `k=rsa;p=…` TXT value's key. */
function keyBytes(txt: string): Uint8Array<ArrayBuffer> {
  const base64 = txt.replace(/^k=rsa;p=/, "");
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

describe("DKIM keys", () => {
  it("are 1024-bit RSA public keys that Web Crypto reads", async () => {
    const dns = newDnsAuthentication(source("2026-07-04T16:00:00Z"), "example.com", "");
    const key = await crypto.subtle.importKey("spki", keyBytes(dns.DKIMPendingTextValue), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
    const algorithm = key.algorithm as RsaHashedKeyAlgorithm;
    expect(algorithm.modulusLength).toBe(1024);
    expect(Array.from(algorithm.publicExponent)).toEqual([1, 0, 1]);
  });

  it("are named after the moment they were made, in Eastern time (summer and winter)", () => {
    expect(newDnsAuthentication(source("2026-07-04T16:00:00Z"), "example.com", "").DKIMPendingHost).toBe("20260704120000pm._domainkey.example.com");
    expect(newDnsAuthentication(source("2026-01-04T16:00:00Z"), "example.com", "").DKIMPendingHost).toBe("20260104110000pm._domainkey.example.com");
  });

  it("move from pending to active to revoked", () => {
    const dns = newDnsAuthentication(source("2026-01-04T16:00:00Z"), "example.com", "");
    const first = dns.DKIMPendingTextValue;
    verifyDkim(dns);
    startDkimKey(source("2026-02-04T16:00:00Z"), dns, "example.com");
    const second = dns.DKIMPendingTextValue;
    expect(second).not.toBe(first);
    expect(dns.DKIMTextValue).toBe(first);
    verifyDkim(dns);
    expect([dns.DKIMTextValue, dns.DKIMRevokedTextValue, dns.DKIMPendingTextValue]).toEqual([second, first, ""]);
    expect(dns.DKIMRevokedHost).toBe("20260104110000pm._domainkey.example.com");
  });

  it("change nothing when verified with no key pending", () => {
    const dns = newDnsAuthentication(source("2026-01-04T16:00:00Z"), "example.com", "");
    verifyDkim(dns);
    const before = { ...dns };
    verifyDkim(dns);
    expect(dns).toEqual(before);
  });
});
