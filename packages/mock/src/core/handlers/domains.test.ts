import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { storedForAccount } from "../../../test/seed.js";
import { domainNameProblem } from "./domains.js";

const account = { accountToken: "any-account-token" };

async function createDomain(mock: Harness, body: Record<string, unknown>) {
  return mock.call("POST", "/domains", { ...account, body });
}

/** The first 28 bytes of a 1024-bit RSA SubjectPublicKeyInfo, in base64. */
const rsa1024Prefix = "k=rsa;p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ";

describe("createDomain", () => {
  it("adds a domain with a pending DKIM key, SPF values and the Return-Path CNAME", async () => {
    const mock = createHarness({ now: () => new Date("2026-11-24T19:05:31Z") });
    const { status, json } = await createDomain(mock, { Name: "Example.org", ReturnPathDomain: "pm-bounces.example.org" });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      Name: "example.org",
      SPFVerified: false,
      SPFHost: "example.org",
      SPFTextValue: "v=spf1 a mx include:spf.mtasv.net ~all",
      DKIMVerified: false,
      DKIMHost: "",
      DKIMTextValue: "",
      DKIMPendingHost: "20261124140531pm._domainkey.example.org",
      DKIMUpdateStatus: "Pending",
      ReturnPathDomain: "pm-bounces.example.org",
      ReturnPathDomainVerified: false,
      ReturnPathDomainCNAMEValue: "pm.mtasv.net",
    });
    expect(json.DKIMPendingTextValue).toMatch(new RegExp(`^${rsa1024Prefix}[A-Za-z0-9+/]+IDAQAB$`));
    // 162 bytes of DER make 216 base64 characters.
    expect(json.DKIMPendingTextValue).toHaveLength("k=rsa;p=".length + 216);
  });

  it("leaves the Return-Path domain empty when none is given", async () => {
    const { json } = await createDomain(createHarness(), { Name: "example.org" });
    expect(json.ReturnPathDomain).toBe("");
  });

  it.each([
    { case: "no name", body: {}, errorCode: 514 },
    { case: "an empty name", body: { Name: "" }, errorCode: 514 },
    { case: "a blank name", body: { Name: "   " }, errorCode: 514 },
    { case: "a name over 255 characters", body: { Name: `${"a".repeat(60)}.`.repeat(5) + "com" }, errorCode: 515 },
    { case: "a name that is not a string", body: { Name: 42 }, errorCode: 516 },
    { case: "a name without a dot", body: { Name: "localhost" }, errorCode: 516 },
    { case: "a name with a space", body: { Name: "exa mple.com" }, errorCode: 516 },
    { case: "a label over 63 characters", body: { Name: `${"a".repeat(64)}.com` }, errorCode: 516 },
    { case: "a label ending in a hyphen", body: { Name: "example-.com" }, errorCode: 516 },
    { case: "a Return-Path outside the domain", body: { Name: "example.org", ReturnPathDomain: "bounces.example.com" }, errorCode: 511 },
    { case: "a Return-Path equal to the domain", body: { Name: "example.org", ReturnPathDomain: "example.org" }, errorCode: 511 },
    { case: "a Return-Path that is no host name", body: { Name: "example.org", ReturnPathDomain: "pm bounces.example.org" }, errorCode: 511 },
  ])("refuses $case with ErrorCode $errorCode", async ({ body, errorCode }) => {
    const mock = createHarness();
    const { status, json } = await createDomain(mock, body);
    expect(status).toBe(422);
    expect(json.ErrorCode).toBe(errorCode);
    expect(await storedForAccount(mock.store, "domains")).toHaveLength(0);
  });

  it("refuses a domain that exists already, whatever its case (512)", async () => {
    const mock = createHarness();
    await createDomain(mock, { Name: "example.org" });
    const { status, json } = await createDomain(mock, { Name: "EXAMPLE.org" });
    expect(status).toBe(422);
    expect(json.ErrorCode).toBe(512);
  });
});

describe("domain name rules", () => {
  it.each([
    { name: undefined, errorCode: 514 },
    { name: "", errorCode: 514 },
    { name: `${"a".repeat(60)}.`.repeat(5) + "com", errorCode: 515 },
    { name: "example", errorCode: 516 },
    { name: "example.c0m", errorCode: 516 },
    { name: "example.com", errorCode: undefined },
    { name: "mail.xn--bcher-kva.example", errorCode: undefined },
  ])("$name → $errorCode", ({ name, errorCode }) => {
    expect(domainNameProblem(name)?.errorCode).toBe(errorCode);
  });
});

describe("domain operations on an unknown id", () => {
  it.each([
    ["GET", "/domains/999"],
    ["PUT", "/domains/999"],
    ["DELETE", "/domains/999"],
    ["PUT", "/domains/999/verifyDkim"],
    ["PUT", "/domains/999/verifyReturnPath"],
    ["POST", "/domains/999/verifyspf"],
    ["POST", "/domains/999/rotatedkim"],
  ])("%s %s answers 422 with ErrorCode 510", async (method, path) => {
    const { status, json } = await createHarness().call(method, path, { ...account, body: method === "PUT" && path === "/domains/999" ? {} : undefined });
    expect(status).toBe(422);
    expect(json.ErrorCode).toBe(510);
  });
});

describe("listDomains", () => {
  it("pages with count and offset and counts them all", async () => {
    const mock = createHarness();
    for (const name of ["a.example", "b.example", "c.example"]) await createDomain(mock, { Name: name });
    const { json } = await mock.call("GET", "/domains", { ...account, query: { count: 2, offset: 1 } });
    expect(json.TotalCount).toBe(3);
    expect(json.Domains.map((domain: { Name: string }) => domain.Name)).toEqual(["b.example", "c.example"]);
    expect(Object.keys(json.Domains[0]).sort()).toEqual(["DKIMVerified", "ID", "Name", "ReturnPathDomainVerified", "SPFVerified", "WeakDKIM"]);
  });
});

describe("editDomain", () => {
  it("changes the Return-Path domain and unverifies it", async () => {
    const mock = createHarness();
    const { json: created } = await createDomain(mock, { Name: "example.org", ReturnPathDomain: "pm-bounces.example.org" });
    await mock.call("PUT", `/domains/${created.ID}/verifyReturnPath`, account);
    const { json } = await mock.call("PUT", `/domains/${created.ID}`, { ...account, body: { ReturnPathDomain: "bounces.example.org" } });
    expect(json.ReturnPathDomain).toBe("bounces.example.org");
    expect(json.ReturnPathDomainVerified).toBe(false);
  });

  it("keeps the Return-Path verified when the same domain is sent again", async () => {
    const mock = createHarness();
    const { json: created } = await createDomain(mock, { Name: "example.org", ReturnPathDomain: "pm-bounces.example.org" });
    await mock.call("PUT", `/domains/${created.ID}/verifyReturnPath`, account);
    const { json } = await mock.call("PUT", `/domains/${created.ID}`, { ...account, body: { ReturnPathDomain: "PM-Bounces.example.org" } });
    expect(json.ReturnPathDomainVerified).toBe(true);
  });

  it("refuses a Return-Path outside the domain (511)", async () => {
    const mock = createHarness();
    const { json: created } = await createDomain(mock, { Name: "example.org" });
    const { status, json } = await mock.call("PUT", `/domains/${created.ID}`, { ...account, body: { ReturnPathDomain: "pm-bounces.example.net" } });
    expect([status, json.ErrorCode]).toEqual([422, 511]);
  });
});

describe("verification without DNS", () => {
  it("finds no Return-Path to verify when none is set", async () => {
    const mock = createHarness();
    const { json: created } = await createDomain(mock, { Name: "example.org" });
    const { json } = await mock.call("PUT", `/domains/${created.ID}/verifyReturnPath`, account);
    expect(json.ReturnPathDomainVerified).toBe(false);
  });

  it("answers the SPF check and records it", async () => {
    const mock = createHarness();
    const { json: created } = await createDomain(mock, { Name: "example.org" });
    const { json } = await mock.call("POST", `/domains/${created.ID}/verifyspf`, account);
    expect(json).toEqual({ SPFHost: "example.org", SPFTextValue: "v=spf1 a mx include:spf.mtasv.net ~all", SPFVerified: true });
    const { json: listed } = await mock.call("GET", "/domains", { ...account, query: { count: 10, offset: 0 } });
    expect(listed.Domains[0].SPFVerified).toBe(true);
  });

  it("refuses to rotate while the first key is still pending (505)", async () => {
    const mock = createHarness();
    const { json: created } = await createDomain(mock, { Name: "example.org" });
    const { status, json } = await mock.call("POST", `/domains/${created.ID}/rotatedkim`, account);
    expect([status, json.ErrorCode]).toEqual([422, 505]);
  });
});

describe("a domain's life", () => {
  it("create → list → get → verify DKIM → rotate → verify → delete", async () => {
    let clock = new Date("2026-03-12T13:45:12Z");
    const mock = createHarness({ now: () => clock });

    const { json: created } = await createDomain(mock, { Name: "example.com", ReturnPathDomain: "pm-bounces.example.com" });
    const { json: list } = await mock.call("GET", "/domains", { ...account, query: { count: 50, offset: 0 } });
    expect(list).toEqual({ TotalCount: 1, Domains: [{ ID: created.ID, Name: "example.com", SPFVerified: false, DKIMVerified: false, WeakDKIM: false, ReturnPathDomainVerified: false }] });
    const { json: fetched } = await mock.call("GET", `/domains/${created.ID}`, account);
    expect(fetched).toEqual(created);

    const { json: verified } = await mock.call("PUT", `/domains/${created.ID}/verifyDkim`, account);
    expect(verified).toMatchObject({
      DKIMVerified: true,
      DKIMUpdateStatus: "Verified",
      DKIMHost: created.DKIMPendingHost,
      DKIMTextValue: created.DKIMPendingTextValue,
      DKIMPendingHost: "",
      DKIMPendingTextValue: "",
      DKIMRevokedHost: "",
    });
    const { json: returnPath } = await mock.call("PUT", `/domains/${created.ID}/verifyReturnPath`, account);
    expect(returnPath.ReturnPathDomainVerified).toBe(true);

    clock = new Date("2026-11-24T19:05:31Z");
    const { status, json: rotation } = await mock.call("POST", `/domains/${created.ID}/rotatedkim`, account);
    expect(status).toBe(200);
    expect(rotation).toMatchObject({ ID: created.ID, Name: "example.com", DKIMUpdateStatus: "Pending", DKIMHost: verified.DKIMHost, DKIMPendingHost: "20261124140531pm._domainkey.example.com" });
    expect(rotation.DKIMPendingTextValue).not.toBe(verified.DKIMTextValue);
    expect(rotation).not.toHaveProperty("ReturnPathDomain");
    const again = await mock.call("POST", `/domains/${created.ID}/rotatedkim`, account);
    expect([again.status, again.json.ErrorCode]).toEqual([422, 505]);

    const { json: rotated } = await mock.call("PUT", `/domains/${created.ID}/verifyDkim`, account);
    expect(rotated).toMatchObject({
      DKIMHost: rotation.DKIMPendingHost,
      DKIMRevokedHost: verified.DKIMHost,
      DKIMRevokedTextValue: verified.DKIMTextValue,
      SafeToRemoveRevokedKeyFromDNS: true,
      DKIMUpdateStatus: "Verified",
    });

    const removed = await mock.call("DELETE", `/domains/${created.ID}`, account);
    expect(removed.json).toEqual({ ErrorCode: 0, Message: "Domain example.com removed." });
    const gone = await mock.call("GET", `/domains/${created.ID}`, account);
    expect([gone.status, gone.json.ErrorCode]).toEqual([422, 510]);
    const { json: empty } = await mock.call("GET", "/domains", { ...account, query: { count: 50, offset: 0 } });
    expect(empty).toEqual({ TotalCount: 0, Domains: [] });
  });

  it("gives a rotation in the same second a selector of its own", async () => {
    const mock = createHarness({ now: () => new Date("2026-03-12T13:45:12Z") });
    const { json: created } = await createDomain(mock, { Name: "example.com" });
    await mock.call("PUT", `/domains/${created.ID}/verifyDkim`, account);
    const { json: rotation } = await mock.call("POST", `/domains/${created.ID}/rotatedkim`, account);
    expect(rotation.DKIMPendingHost).not.toBe(rotation.DKIMHost);
    expect(rotation.DKIMPendingHost).toBe("20260312094513pm._domainkey.example.com");
  });
});
