import { describe, expect, it } from "vitest";
import { bounceTestingType, bounceTypeInfo, bounceTypes, type BounceType } from "./bounce-types.js";

// TypeCodes as postmark.js 5.1.0 declares them (dist/client/models/bounces/Bounce.d.ts).
const typeCodes: Record<BounceType, number> = {
  HardBounce: 1, Transient: 2, Unsubscribe: 16, Subscribe: 32, AutoResponder: 64, AddressChange: 128, DnsError: 256,
  SpamNotification: 512, OpenRelayTest: 1024, Unknown: 2048, SoftBounce: 4096, VirusNotification: 8192,
  ChallengeVerification: 16384, BadEmailAddress: 100000, SpamComplaint: 100001, ManuallyDeactivated: 100002,
  Unconfirmed: 100003, Blocked: 100006, SMTPApiError: 100007, InboundError: 100008, DMARCPolicy: 100009,
  TemplateRenderingFailed: 100010,
};

describe("bounceTypes", () => {
  it("lists every type once, with its TypeCode", () => {
    expect(Object.fromEntries(bounceTypes.map((info) => [info.Type, info.TypeCode]))).toEqual(typeCodes);
    expect(new Set(bounceTypes.map((info) => info.TypeCode)).size).toBe(bounceTypes.length);
  });

  it.each([
    // Labels as Postmark's delivery-stats example shows them.
    ["HardBounce", "Hard bounce"],
    ["Transient", "Message delayed"],
    ["AutoResponder", "Auto responder"],
    ["SpamNotification", "Spam notification"],
    ["SoftBounce", "Soft bounce"],
    ["SpamComplaint", "Spam complaint"],
  ] as const)("%s is named %j", (type, name) => {
    expect(bounceTypeInfo(type).Name).toBe(name);
  });

  it("deactivates hard bounces and spam complaints, and reactivates only the former", () => {
    expect(bounceTypeInfo("HardBounce")).toMatchObject({ deactivates: true, canActivate: true });
    expect(bounceTypeInfo("SpamComplaint")).toMatchObject({ deactivates: true, canActivate: false });
    expect(bounceTypeInfo("SoftBounce")).toMatchObject({ deactivates: false });
    expect(bounceTypeInfo("Transient")).toMatchObject({ deactivates: false });
  });

  it("gives every type a description and details", () => {
    for (const info of bounceTypes) {
      expect(info.Description.length).toBeGreaterThan(10);
      expect(info.Details.length).toBeGreaterThan(10);
      if (!info.deactivates) expect(info.canActivate).toBe(false);
    }
  });
});

describe("bounceTestingType", () => {
  it.each<[string, BounceType | undefined]>([
    ["HardBounce@bounce-testing.postmarkapp.com", "HardBounce"],
    ["hardbounce@bounce-testing.postmarkapp.com", "HardBounce"],
    ["Hard_Bounce@bounce-testing.postmarkapp.com", "HardBounce"],
    ["Transient@bounce-testing.postmarkapp.com", "Transient"],
    ["softbounce@BOUNCE-TESTING.postmarkapp.com", "SoftBounce"],
    ["blocked@bounce-testing.postmarkapp.com", "Blocked"],
    ["dns_error@bounce-testing.postmarkapp.com", "DnsError"],
    ["Spam_Notification@bounce-testing.postmarkapp.com", "SpamNotification"],
    ["smtp_api_error@bounce-testing.postmarkapp.com", "SMTPApiError"],
    ["whatever@bounce-testing.postmarkapp.com", "HardBounce"],
    ["SpamComplaint@bounce-testing.postmarkapp.com", "HardBounce"],
    ["HardBounce@example.com", undefined],
    ["HardBounce@bounce-testing.postmarkapp.com.example.org", undefined],
    ["not-an-address", undefined],
  ])("%s gives %s", (email, type) => {
    expect(bounceTestingType(email)).toBe(type);
  });

  it.each(bounceTypes.filter((info) => info.Type !== "SpamComplaint").map((info) => info.Type))(
    "%s can be asked for by local part and by header",
    (type) => {
      expect(bounceTestingType(`${type}@bounce-testing.postmarkapp.com`)).toBe(type);
      expect(bounceTestingType("any@bounce-testing.postmarkapp.com", [{ Name: "X-PM-Bounce-Type", Value: type }])).toBe(type);
    },
  );

  it.each<[string, string, string, BounceType | undefined]>([
    ["the header over the local part", "HardBounce@bounce-testing.postmarkapp.com", "Soft_Bounce", "SoftBounce"],
    ["a header name in any case", "x@bounce-testing.postmarkapp.com", "transient", "Transient"],
    ["an unknown header value as a hard bounce", "Transient@bounce-testing.postmarkapp.com", "Nope", "HardBounce"],
    ["no bounce for an ordinary address", "jane@example.org", "HardBounce", undefined],
  ])("reads %s", (_, email, value, type) => {
    expect(bounceTestingType(email, [{ Name: "x-pm-bounce-type", Value: value }])).toBe(type);
  });
});
