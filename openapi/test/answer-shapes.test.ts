// Answers and webhook posts shaped like ones the real API has sent. The field sets come from
// recorded answers (postmarker's cassettes, django-anymail's issues and test files); the values are
// our own. Each must validate against the closed schemas (every field named, no required field
// missing), so `required` cannot grow back past what Postmark has been seen to send. Each row also
// names a field whose absence is the point, to show the body really lacks it.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { closeResponseSchemas } from "../lib/close-schemas.js";
import { loadBundledSpec } from "./load-spec.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const spec = closeResponseSchemas(loadBundledSpec());
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addKeyword({ keyword: "example" });
ajv.addSchema(spec as object, "spec");

function validatorOf(schema: string): ValidateFunction {
  return ajv.compile({ $ref: `spec#/components/schemas/${schema}` });
}

interface ShapeCase {
  what: string;
  schema: string;
  absent: string[];
  body: Record<string, unknown>;
}

const bounceRecord = {
  ID: 4323372036,
  Type: "HardBounce",
  TypeCode: 1,
  Name: "Hard bounce",
  MessageID: "0ac29aee-e1cd-480d-b08d-4f48548ff48d",
  MessageStream: "outbound",
  Description: "The server was unable to deliver your message.",
  Details: "smtp;550 5.1.1 no such user",
  Email: "jane@example.com",
  BouncedAt: "2026-11-24T14:05:31.1234567-05:00",
  DumpAvailable: false,
  Inactive: true,
  CanActivate: true,
  Subject: "Welcome",
};

const cases: ShapeCase[] = [
  {
    what: "a send accepted with possible delay, answered without ErrorCode",
    schema: "SendEmailResponse",
    absent: ["ErrorCode"],
    body: { Message: "Message accepted, but delivery may be delayed.", MessageID: "38360f97-ff7f-44b2-bcd1-5ea94ff2af00", SubmittedAt: "2026-08-05T02:03:37.0951168Z", To: "jane@example.com" },
  },
  {
    what: "a batch item accepted with possible delay",
    schema: "EmailSendResult",
    absent: ["ErrorCode"],
    body: { Message: "Message accepted, but delivery may be delayed.", MessageID: "38360f97-ff7f-44b2-bcd1-5ea94ff2af00", SubmittedAt: "2026-08-05T02:03:37.0951168Z", To: "jane@example.com" },
  },
  {
    what: "a bounce from the Bounces API without ServerID, From or Tag",
    schema: "Bounce",
    absent: ["ServerID", "From", "Tag", "RecordType"],
    body: bounceRecord,
  },
  {
    what: "an unsubscribe request posted as a bounce with only its identifying fields",
    schema: "BounceWebhookPayload",
    absent: ["Email", "From", "BouncedAt", "Details", "Subject", "DumpAvailable", "Inactive", "CanActivate", "Metadata"],
    body: { RecordType: "Bounce", ID: 555, Type: "Unsubscribe", TypeCode: 16, Name: "Unsubscribe request", Tag: "", MessageID: "a4909a96-73d7-4c49-b148-a54522d3f7ac", ServerID: 111, MessageStream: "outbound", Description: "Unsubscribe or Remove request." },
  },
  {
    what: "a delivery post for a message without metadata",
    schema: "DeliveryWebhookPayload",
    absent: ["Metadata"],
    body: { RecordType: "Delivery", ServerID: 23, MessageStream: "outbound", MessageID: "a4909a96-73d7-4c49-b148-a54522d3f7ac", Recipient: "jane@example.com", Tag: null, DeliveredAt: "2026-11-24T14:05:31Z", Details: "smtp;250 OK" },
  },
  {
    what: "an open from the opens search without RecordType, Tag, FirstOpen or MessageStream, and an empty Geo",
    schema: "OpenEvent",
    absent: ["RecordType", "Tag", "FirstOpen", "MessageStream"],
    body: {
      Geo: {},
      ReadSeconds: 0,
      Platform: "Unknown",
      MessageID: "c3485015-9a04-4126-8524-034660932c91",
      ReceivedAt: "2026-02-24T23:50:09.8976957-05:00",
      Recipient: "jane@example.com",
      OS: { Company: "unknown", Name: "unknown", Family: "unknown" },
      Client: { Company: "Google", Name: "Gmail", Family: "Gmail" },
      UserAgent: "Mozilla/5.0 (via ggpht.com GoogleImageProxy)",
    },
  },
  {
    what: "sender signature details without ConfirmationPersonalNote",
    schema: "SenderSignatureDetails",
    absent: ["ConfirmationPersonalNote"],
    body: {
      ID: 128462,
      Domain: "example.com",
      EmailAddress: "jane@example.com",
      ReplyToEmailAddress: "",
      Name: "Jane",
      Confirmed: true,
      SPFVerified: true,
      SPFHost: "example.com",
      SPFTextValue: "v=spf1 a mx include:spf.mtasv.net ~all",
      DKIMVerified: true,
      WeakDKIM: false,
      DKIMHost: "20260226140233.pm._domainkey.example.com",
      DKIMTextValue: "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCG",
      DKIMPendingHost: "",
      DKIMPendingTextValue: "",
      DKIMRevokedHost: "",
      DKIMRevokedTextValue: "",
      SafeToRemoveRevokedKeyFromDNS: false,
      DKIMUpdateStatus: "Verified",
      ReturnPathDomain: "",
      ReturnPathDomainVerified: false,
      ReturnPathDomainCNAMEValue: "pm.mtasv.net",
    },
  },
  {
    what: "an inbound attachment from the dashboard's check post, which names the bytes Data",
    schema: "InboundWebhookAttachment",
    absent: ["Content"],
    body: { Name: "test.txt", ContentType: "text/plain", ContentLength: 45 },
  },
  {
    what: "a message stream without UpdatedAt, ArchivedAt or ExpectedPurgeDate",
    schema: "MessageStream",
    absent: ["UpdatedAt", "ArchivedAt", "ExpectedPurgeDate"],
    body: { ID: "outbound", ServerID: 1, Name: "Default Transactional Stream", Description: null, MessageStreamType: "Transactional", CreatedAt: "2026-01-01T00:00:00-05:00", SubscriptionManagementConfiguration: { UnsubscribeHandlingType: "None" } },
  },
  {
    what: "a stats query over days with no data",
    schema: "StatsClickCounts",
    absent: ["Clicks", "Unique"],
    body: { Days: [] },
  },
];

describe("answers shaped like the real API's validate against the closed schemas", () => {
  it.each(cases)("$schema: $what", ({ schema, absent, body }) => {
    for (const field of absent) expect(body, `${field} must be absent from the case`).not.toHaveProperty(field);
    const validate = validatorOf(schema);
    const valid = validate(body);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it("still refuses an answer that lacks a field Postmark always sends", () => {
    const { MessageID: _dropped, ...withoutId } = bounceRecord;
    expect(validatorOf("Bounce")(withoutId)).toBe(false);
  });
});
