// The official `postmark` npm client, pointed at the mock with `useHttps: false` and
// `requestHost`, must work unchanged: it uses its own paths (`/deliveryStats`, `/templates/`,
// `/domains/{id}/verifyDKIM`, …) and camelCase query names, as it does against Postmark.
import postmark from "postmark";
import { describe, expect, it } from "vitest";
import { listOperations } from "@postmark-openapi/spec/reader";
import { spec, token, useMock } from "../support.js";

const mock = useMock({ mode: "static" });
const server = () => new postmark.ServerClient(token, { useHttps: false, requestHost: new URL(mock.url).host, timeout: 10 });
const account = () => new postmark.AccountClient(token, { useHttps: false, requestHost: new URL(mock.url).host, timeout: 10 });

const message = { From: "sender@example.com", To: "someone@example.org", Subject: "Hello", TextBody: "Hello there", MessageStream: "outbound" };
const templated = { From: "sender@example.com", To: "someone@example.org", TemplateAlias: "welcome", TemplateModel: { name: "Jane" } };
const messageId = "0a129aee-e1cd-480d-b08d-4f48548ff48d";
const webhook = { Url: "https://hooks.example.com/postmark", MessageStream: "outbound", Triggers: { Open: { Enabled: true, PostFirstOpenOnly: false } } };

/** [method, call]: every ServerClient and AccountClient method the spec's operations cover. */
const serverCalls: [string, (client: postmark.ServerClient) => Promise<unknown>][] = [
  ["sendEmail", (c) => c.sendEmail(message)],
  ["sendEmailBatch", (c) => c.sendEmailBatch([message, message])],
  ["sendEmailWithTemplate", (c) => c.sendEmailWithTemplate(templated)],
  ["sendEmailBatchWithTemplates", (c) => c.sendEmailBatchWithTemplates([templated])],
  ["sendBulkEmail", (c) => c.sendBulkEmail({ From: "news@example.com", Subject: "News", TextBody: "Hi {{name}}", MessageStream: "broadcast", Messages: [{ To: "a@example.org", TemplateModel: { name: "A" } }] })],
  ["getBulkEmailStatus", (c) => c.getBulkEmailStatus("f24af63c-533d-4b7a-ad65-4a7b3202d3a7")],
  ["getDeliveryStatistics", (c) => c.getDeliveryStatistics()],
  ["getBounces", (c) => c.getBounces({ count: 10, offset: 0, type: postmark.Models.BounceType.HardBounce, inactive: true })],
  ["getBounce", (c) => c.getBounce(692560173)],
  ["getBounceDump", (c) => c.getBounceDump(692560173)],
  ["activateBounce", (c) => c.activateBounce(692560173)],
  ["getTemplates", (c) => c.getTemplates({ count: 10, offset: 0 })],
  ["getTemplate", (c) => c.getTemplate("welcome")],
  ["deleteTemplate", (c) => c.deleteTemplate(1234)],
  ["createTemplate", (c) => c.createTemplate({ Name: "Receipt", Subject: "Your receipt", HtmlBody: "<p>Thanks {{name}}</p>", Alias: "receipt" })],
  ["editTemplate", (c) => c.editTemplate("receipt", { Subject: "Your receipt, again" })],
  ["validateTemplate", (c) => c.validateTemplate({ Subject: "Hi {{name}}", TextBody: "Hello {{name}}", TestRenderModel: { name: "Jane" } })],
  ["getServer", (c) => c.getServer()],
  ["editServer", (c) => c.editServer({ Name: "Production", TrackOpens: true })],
  ["getOutboundMessages", (c) => c.getOutboundMessages({ count: 10, offset: 0, recipient: "someone@example.org" })],
  ["getOutboundMessageDetails", (c) => c.getOutboundMessageDetails(messageId)],
  ["getOutboundMessageDump", (c) => c.getOutboundMessageDump(messageId)],
  ["getInboundMessages", (c) => c.getInboundMessages({ count: 10, offset: 0 })],
  ["getInboundMessageDetails", (c) => c.getInboundMessageDetails(messageId)],
  ["bypassBlockedInboundMessage", (c) => c.bypassBlockedInboundMessage(messageId)],
  ["retryInboundHookForMessage", (c) => c.retryInboundHookForMessage(messageId)],
  ["getMessageOpens", (c) => c.getMessageOpens({ count: 10, offset: 0 })],
  ["getMessageOpensForSingleMessage", (c) => c.getMessageOpensForSingleMessage(messageId, { count: 10, offset: 0 })],
  ["getMessageClicks", (c) => c.getMessageClicks({ count: 10, offset: 0 })],
  ["getMessageClicksForSingleMessage", (c) => c.getMessageClicksForSingleMessage(messageId, { count: 10, offset: 0 })],
  ["getOutboundOverview", (c) => c.getOutboundOverview({ tag: "welcome", fromDate: "2026-11-01", toDate: "2026-11-25" })],
  ["getSentCounts", (c) => c.getSentCounts()],
  ["getBounceCounts", (c) => c.getBounceCounts()],
  ["getSpamComplaintsCounts", (c) => c.getSpamComplaintsCounts()],
  ["getTrackedEmailCounts", (c) => c.getTrackedEmailCounts()],
  ["getEmailOpenCounts", (c) => c.getEmailOpenCounts()],
  ["getEmailOpenPlatformUsage", (c) => c.getEmailOpenPlatformUsage()],
  ["getEmailOpenClientUsage", (c) => c.getEmailOpenClientUsage()],
  ["getClickCounts", (c) => c.getClickCounts()],
  ["getClickBrowserUsage", (c) => c.getClickBrowserUsage()],
  ["getClickPlatformUsage", (c) => c.getClickPlatformUsage()],
  ["getClickLocation", (c) => c.getClickLocation()],
  ["createInboundRuleTrigger", (c) => c.createInboundRuleTrigger({ Rule: "spammer@example.net" })],
  ["deleteInboundRuleTrigger", (c) => c.deleteInboundRuleTrigger(3851)],
  ["getInboundRuleTriggers", (c) => c.getInboundRuleTriggers({ count: 10, offset: 0 })],
  ["getWebhooks", (c) => c.getWebhooks({ messageStream: "outbound" })],
  ["getWebhook", (c) => c.getWebhook(1234)],
  ["createWebhook", (c) => c.createWebhook(webhook)],
  ["editWebhook", (c) => c.editWebhook(1234, { Url: "https://hooks.example.com/v2" })],
  ["deleteWebhook", (c) => c.deleteWebhook(1234)],
  ["getMessageStreams", (c) => c.getMessageStreams({ messageStreamType: "Transactional", includeArchivedStreams: true })],
  ["getMessageStream", (c) => c.getMessageStream("outbound")],
  ["editMessageStream", (c) => c.editMessageStream("newsletters", { Name: "Newsletters", Description: "Monthly news" })],
  ["createMessageStream", (c) => c.createMessageStream({ ID: "newsletters", Name: "Newsletters", MessageStreamType: "Broadcasts" })],
  ["archiveMessageStream", (c) => c.archiveMessageStream("newsletters")],
  ["unarchiveMessageStream", (c) => c.unarchiveMessageStream("newsletters")],
  ["getSuppressions", (c) => c.getSuppressions("outbound")],
  ["createSuppressions", (c) => c.createSuppressions("outbound", { Suppressions: [{ EmailAddress: "a@example.org" }] })],
  ["deleteSuppressions", (c) => c.deleteSuppressions("outbound", { Suppressions: [{ EmailAddress: "a@example.org" }] })],
];

const accountCalls: [string, (client: postmark.AccountClient) => Promise<unknown>][] = [
  ["getServers", (c) => c.getServers({ count: 10, offset: 0, name: "Production" })],
  ["getServer", (c) => c.getServer(4180392)],
  ["createServer", (c) => c.createServer({ Name: "Staging", Color: "Blue" })],
  ["editServer", (c) => c.editServer(4180392, { Name: "Staging 2" })],
  ["deleteServer", (c) => c.deleteServer(4180392)],
  ["getDomains", (c) => c.getDomains({ count: 10, offset: 0 })],
  ["getDomain", (c) => c.getDomain(36735)],
  ["createDomain", (c) => c.createDomain({ Name: "example.com" })],
  ["editDomain", (c) => c.editDomain(36735, { ReturnPathDomain: "pm-bounces.example.com" })],
  ["deleteDomain", (c) => c.deleteDomain(36735)],
  ["verifyDomainDKIM", (c) => c.verifyDomainDKIM(36735)],
  ["verifyDomainReturnPath", (c) => c.verifyDomainReturnPath(36735)],
  ["verifyDomainSPF", (c) => c.verifyDomainSPF(36735)],
  ["rotateDomainDKIM", (c) => c.rotateDomainDKIM(36735)],
  ["getSenderSignature", (c) => c.getSenderSignature(1)],
  ["getSenderSignatures", (c) => c.getSenderSignatures({ count: 10, offset: 0 })],
  ["createSenderSignature", (c) => c.createSenderSignature({ FromEmail: "billing@example.com", Name: "Billing" })],
  ["editSenderSignature", (c) => c.editSenderSignature(1, { Name: "Billing team" })],
  ["deleteSenderSignature", (c) => c.deleteSenderSignature(1)],
  ["resendSenderSignatureConfirmation", (c) => c.resendSenderSignatureConfirmation(1)],
  ["verifySenderSignatureSPF", (c) => c.verifySenderSignatureSPF(1)],
  ["requestNewDKIMForSenderSignature", (c) => c.requestNewDKIMForSenderSignature(1)],
  ["pushTemplates", (c) => c.pushTemplates({ SourceServerID: 1, DestinationServerID: 2, PerformChanges: false })],
  ["requestDataRemoval", (c) => c.requestDataRemoval({ RequestedBy: "privacy@example.com", RequestedFor: "someone@example.org", NotifyWhenCompleted: true })],
  ["getDataRemovalStatus", (c) => c.getDataRemovalStatus(1)],
];

describe("the official postmark client against the mock", () => {
  it("covers every operation of the spec, all of the client's but its one extra (open read times, not in the spec)", () => {
    expect(serverCalls.length + accountCalls.length).toBe(listOperations(spec).length);
  });

  it.each(serverCalls)("ServerClient.%s succeeds", async (_name, run) => {
    await expect(run(server())).resolves.toBeTruthy();
  });

  it.each(accountCalls)("AccountClient.%s succeeds", async (_name, run) => {
    await expect(run(account())).resolves.toBeTruthy();
  });

  it("gets Postmark's errors back, typed by the official client", async () => {
    const error = await server().sendEmail({ From: "sender@example.com", To: "someone@example.org", Subject: "No body" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(postmark.Errors.ApiInputError);
    expect(error).toMatchObject({ statusCode: 422, code: 300 });
    expect((error as Error).message).toContain("HtmlBody/TextBody");
  });
});
