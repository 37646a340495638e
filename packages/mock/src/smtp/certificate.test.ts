import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeSelfSignedCertificate } from "./certificate.js";

describe("the certificate made at start", () => {
  it("is a self-signed certificate for localhost, its loopback addresses and the names given, valid now", () => {
    const now = new Date("2026-12-05T12:00:00Z");
    const certificate = new X509Certificate(makeSelfSignedCertificate(["mail.test", "10.0.0.5"], now).cert);
    expect(certificate.subject).toBe("CN=localhost");
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:mail.test, IP Address:10.0.0.5");
    expect(new Date(certificate.validFrom).getTime()).toBeLessThan(now.getTime());
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(now.getTime());
  });

  it("always encodes its serial number as DER requires (a random serial once made a certificate OpenSSL refused)", () => {
    for (let i = 0; i < 300; i++) expect(() => new X509Certificate(makeSelfSignedCertificate().cert)).not.toThrow();
  });
});
