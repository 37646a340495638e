import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { storedForAccount } from "../../../test/seed.js";
import { senderAllowed } from "../senders.js";

/** Whether the account of the harness may send from the address, as a send under strict senders asks. */
function allowedSender(mock: Harness, fromEmail: string, supplied?: string) {
  return mock.store.transaction((tx) => senderAllowed(tx, fromEmail, supplied));
}

const account = { accountToken: "any-account-token" };

async function createSignature(mock: Harness, body: Record<string, unknown>) {
  return mock.call("POST", "/senders", { ...account, body });
}

const minimal = { FromEmail: "news@example.org", Name: "Example News" };

describe("createSenderSignature", () => {
  it("adds a signature for the address, its domain taken from it", async () => {
    const mock = createHarness();
    const { status, json } = await createSignature(mock, {
      FromEmail: "News@Example.org",
      Name: "Example News",
      ReplyToEmail: "editors@example.org",
      ReturnPathDomain: "pm-bounces.example.org",
      ConfirmationPersonalNote: "Please confirm.",
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      Domain: "example.org",
      EmailAddress: "news@example.org",
      ReplyToEmailAddress: "editors@example.org",
      Name: "Example News",
      Confirmed: false,
      ConfirmationPersonalNote: "Please confirm.",
      SPFHost: "example.org",
      DKIMUpdateStatus: "Pending",
      ReturnPathDomain: "pm-bounces.example.org",
      ReturnPathDomainVerified: false,
      ReturnPathDomainCNAMEValue: "pm.mtasv.net",
    });
    expect(json.DKIMPendingHost).toMatch(/^\d{14}pm\._domainkey\.example\.org$/);
  });

  it("fills what was not given as Postmark does", async () => {
    const { json } = await createSignature(createHarness(), minimal);
    expect(json).toMatchObject({ ReplyToEmailAddress: "", ReturnPathDomain: "", ConfirmationPersonalNote: null });
  });

  it("starts unconfirmed and emails its address a link that confirms it, as Postmark does", async () => {
    const mock = createHarness();
    const { json } = await createSignature(mock, { ...minimal, ConfirmationPersonalNote: "From the billing team" });
    expect(json.Confirmed).toBe(false);
    const { items } = await mock.emulator.messages.search({ server: 0 });
    expect(items).toHaveLength(1);
    const email = items[0]!;
    expect(email).toMatchObject({ serverName: "Postmark account", details: { To: [{ Email: "news@example.org" }], Metadata: { SenderSignatureID: String(json.ID) } } });
    expect(email.details.HtmlBody).toContain(`href="/__mock/api/sender-signatures/confirm/${email.details.MessageID}"`);
    expect(email.details.TextBody).toContain("From the billing team");
    // The account's mailbox is no server: Postmark's searches of a server never see it.
    expect((await mock.call("GET", "/messages/outbound", { query: { count: 50, offset: 0 } })).json.TotalCount).toBe(0);
    expect(await mock.emulator.senders.confirm(email.details.MessageID)).toBe("news@example.org");
    expect((await mock.call("GET", `/senders/${json.ID}`, account)).json.Confirmed).toBe(true);
    expect(await mock.emulator.senders.confirm("00000000-0000-0000-0000-000000000000")).toBeUndefined();
  });

  it.each([
    { case: "no FromEmail", body: { Name: "Example News" }, errorCode: 520 },
    { case: "no Name", body: { FromEmail: "news@example.org" }, errorCode: 520 },
    { case: "a blank Name", body: { FromEmail: "news@example.org", Name: "  " }, errorCode: 520 },
    { case: "a note over 400 characters", body: { ...minimal, ConfirmationPersonalNote: "n".repeat(401) }, errorCode: 521 },
    { case: "a FromEmail that is no address", body: { FromEmail: "not-an-email", Name: "News" }, errorCode: 522 },
    { case: "a ReplyToEmail that is no address", body: { ...minimal, ReplyToEmail: "desk" }, errorCode: 522 },
    { case: "a Name over 255 characters", body: { FromEmail: "news@example.org", Name: "n".repeat(256) }, errorCode: 521 },
    { case: "a gmail.com address", body: { FromEmail: "someone@gmail.com", Name: "Someone" }, errorCode: 503 },
    { case: "a Yahoo address in capitals", body: { FromEmail: "someone@YAHOO.com", Name: "Someone" }, errorCode: 503 },
    { case: "an address on a numeric top-level domain", body: { FromEmail: "news@example.123", Name: "News" }, errorCode: 522 },
    { case: "a Return-Path outside the address's domain", body: { ...minimal, ReturnPathDomain: "pm-bounces.example.com" }, errorCode: 522 },
  ])("refuses $case with ErrorCode $errorCode", async ({ body, errorCode }) => {
    const mock = createHarness();
    const { status, json } = await createSignature(mock, body);
    expect([status, json.ErrorCode]).toEqual([422, errorCode]);
    expect(await storedForAccount(mock.store, "senders")).toHaveLength(0);
  });

  it("refuses a second signature for the same address, whatever its case (504)", async () => {
    const mock = createHarness();
    await createSignature(mock, minimal);
    const { status, json } = await createSignature(mock, { FromEmail: "NEWS@example.org", Name: "Again" });
    expect([status, json.ErrorCode]).toEqual([422, 504]);
  });
});

describe("sender signature operations on an unknown id", () => {
  it.each([
    ["GET", "/senders/999", undefined],
    ["PUT", "/senders/999", { Name: "New" }],
    ["DELETE", "/senders/999", undefined],
    ["POST", "/senders/999/resend", undefined],
    ["POST", "/senders/999/verifyspf", undefined],
    ["POST", "/senders/999/requestnewdkim", undefined],
  ])("%s %s answers 422 with ErrorCode 501", async (method, path, body) => {
    const { status, json } = await createHarness().call(method, path, { ...account, body });
    expect([status, json.ErrorCode]).toEqual([422, 501]);
  });
});

describe("listSenderSignatures", () => {
  it("pages with count and offset and counts them all", async () => {
    const mock = createHarness();
    for (const address of ["a@example.org", "b@example.org", "c@example.net"]) await createSignature(mock, { FromEmail: address, Name: address });
    const { json } = await mock.call("GET", "/senders", { ...account, query: { count: 1, offset: 2 } });
    expect(json.TotalCount).toBe(3);
    expect(json.SenderSignatures).toEqual([{ ID: expect.any(Number), Domain: "example.net", EmailAddress: "c@example.net", ReplyToEmailAddress: "", Name: "c@example.net", Confirmed: false }]);
  });
});

describe("editSenderSignature", () => {
  it("changes name, Reply-To, Return-Path and note, never the address", async () => {
    const mock = createHarness();
    const { json: created } = await createSignature(mock, minimal);
    const { status, json } = await mock.call("PUT", `/senders/${created.ID}`, {
      ...account,
      body: { Name: "Example Editors", ReplyToEmail: "desk@example.org", ReturnPathDomain: "bounces.example.org", ConfirmationPersonalNote: "Hello" },
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({ EmailAddress: "news@example.org", Name: "Example Editors", ReplyToEmailAddress: "desk@example.org", ReturnPathDomain: "bounces.example.org", ConfirmationPersonalNote: "Hello" });
  });

  it.each([
    { case: "no Name", body: { ReplyToEmail: "desk@example.org" }, errorCode: 520 },
    { case: "a blank Name", body: { Name: " " }, errorCode: 520 },
    { case: "a Reply-To over 255 characters", body: { Name: "N", ReplyToEmail: `${"r".repeat(250)}@example.org` }, errorCode: 521 },
    { case: "a Return-Path outside the domain", body: { Name: "N", ReturnPathDomain: "example.net" }, errorCode: 522 },
  ])("refuses $case with ErrorCode $errorCode", async ({ body, errorCode }) => {
    const mock = createHarness();
    const { json: created } = await createSignature(mock, minimal);
    const { status, json } = await mock.call("PUT", `/senders/${created.ID}`, { ...account, body });
    expect([status, json.ErrorCode]).toEqual([422, errorCode]);
    expect((await storedForAccount(mock.store, "senders"))[0]?.Name).toBe("Example News");
  });
});

describe("deleteSenderSignature", () => {
  it("removes the signature", async () => {
    const mock = createHarness();
    const { json: created } = await createSignature(mock, minimal);
    const { json } = await mock.call("DELETE", `/senders/${created.ID}`, account);
    expect(json).toEqual({ ErrorCode: 0, Message: "Signature news@example.org removed." });
    const gone = await mock.call("GET", `/senders/${created.ID}`, account);
    expect([gone.status, gone.json.ErrorCode]).toEqual([422, 501]);
  });
});

describe("deprecated DNS operations", () => {
  it("verifySenderSignatureSpf answers the whole signature with SPF verified", async () => {
    const mock = createHarness();
    const { json: created } = await createSignature(mock, minimal);
    const { json } = await mock.call("POST", `/senders/${created.ID}/verifyspf`, account);
    expect(json).toEqual({ ...created, SPFVerified: true });
  });

  it("requestSenderSignatureDkim starts a key once the last one is verified, and refuses while one is pending (505)", async () => {
    const mock = createHarness();
    const { json: created } = await createSignature(mock, minimal);
    const pending = await mock.call("POST", `/senders/${created.ID}/requestnewdkim`, account);
    expect([pending.status, pending.json.ErrorCode]).toEqual([422, 505]);

    const { json: domain } = await mock.call("POST", "/domains", { ...account, body: { Name: "example.org" } });
    await mock.call("PUT", `/domains/${domain.ID}/verifyDkim`, account);
    const { status, json } = await mock.call("POST", `/senders/${created.ID}/requestnewdkim`, account);
    expect(status).toBe(200);
    expect(json).toEqual({ ErrorCode: 0, Message: "A new DKIM key was requested for example.org." });
    const { json: after } = await mock.call("GET", `/senders/${created.ID}`, account);
    const { json: domainAfter } = await mock.call("GET", `/domains/${domain.ID}`, account);
    expect(after.DKIMPendingHost).not.toBe("");
    expect(after.DKIMPendingHost).toBe(domainAfter.DKIMPendingHost);
  });
});

describe("a signature shares the DNS records of its domain", () => {
  it("shows the domain's keys and Return-Path once the domain is added", async () => {
    const mock = createHarness();
    const { json: created } = await createSignature(mock, minimal);
    const { json: domain } = await mock.call("POST", "/domains", { ...account, body: { Name: "example.org", ReturnPathDomain: "pm.example.org" } });
    await mock.call("PUT", `/domains/${domain.ID}/verifyDkim`, account);
    const { json } = await mock.call("GET", `/senders/${created.ID}`, account);
    expect(json).toMatchObject({ DKIMVerified: true, DKIMHost: domain.DKIMPendingHost, ReturnPathDomain: "pm.example.org" });
  });
});

describe("confirming a signature and sending from it", () => {
  it("create → send refused (401) → resend (still refused) → link followed → allowed → resend refused (506); other addresses stay refused (400)", async () => {
    const mock = createHarness({ strictSenders: true });
    const { json: created } = await createSignature(mock, minimal);

    expect(await allowedSender(mock, "news@example.org")).toMatchObject({ ok: false, errorCode: 401 });
    const resent = await mock.call("POST", `/senders/${created.ID}/resend`, account);
    expect(resent.json).toEqual({ ErrorCode: 0, Message: "Confirmation email for Sender Signature news@example.org was re-sent." });
    expect(await allowedSender(mock, "news@example.org")).toMatchObject({ ok: false, errorCode: 401 });
    const emails = (await mock.emulator.messages.search({ server: 0 })).items;
    expect(emails).toHaveLength(2);
    await mock.emulator.senders.confirm(emails[0]!.details.MessageID);
    const { json: confirmed } = await mock.call("GET", `/senders/${created.ID}`, account);
    expect(confirmed.Confirmed).toBe(true);

    expect(await allowedSender(mock, "NEWS@example.org")).toEqual({ ok: true });
    expect(await allowedSender(mock, "billing@example.org", "Billing <billing@example.org>")).toEqual({
      ok: false,
      errorCode: 400,
      message:
        "The 'From' address you supplied (Billing <billing@example.org>) is not a Sender Signature on your account. Please add and confirm this address in order to be able to use it in the 'From' field of your messages.",
    });

    const again = await mock.call("POST", `/senders/${created.ID}/resend`, account);
    expect([again.status, again.json.ErrorCode]).toEqual([422, 506]);

    await mock.call("DELETE", `/senders/${created.ID}`, account);
    expect(await allowedSender(mock, "news@example.org")).toMatchObject({ ok: false, errorCode: 400 });
  });
});

describe("senderAllowed and domains", () => {
  it.each([
    { case: "an unverified domain", verify: [], allowed: false },
    { case: "a DKIM-verified domain", verify: ["verifyDkim"], allowed: true },
    { case: "a domain with its Return-Path verified", verify: ["verifyReturnPath"], allowed: true },
  ])("allows any address of $case: $allowed", async ({ verify, allowed }) => {
    const mock = createHarness({ strictSenders: true });
    const { json: domain } = await mock.call("POST", "/domains", { ...account, body: { Name: "example.com", ReturnPathDomain: "pm-bounces.example.com" } });
    for (const step of verify) await mock.call("PUT", `/domains/${domain.ID}/${step}`, account);
    expect((await allowedSender(mock, "anyone@Example.com")).ok).toBe(allowed);
    expect((await allowedSender(mock, "anyone@sub.example.com")).ok).toBe(false);
  });
});
