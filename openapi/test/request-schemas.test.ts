// Request schemas reject what Postmark rejects. Each case breaks a valid example in one way.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { getPointer, loadBundledSpec, operationsOf, pointerOf, resolveLocal, type JsonObject } from "./load-spec.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const spec = loadBundledSpec();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec as object, "spec");

function bodyOf(path: string, method: string) {
  const operation = getPointer(spec, pointerOf("paths", path, method)) as JsonObject;
  const body = resolveLocal(spec, operation.requestBody) as JsonObject;
  const media = (body.content as JsonObject)["application/json"] as JsonObject;
  const firstExample = Object.values(media.examples as JsonObject)[0];
  const example = structuredClone((resolveLocal(spec, firstExample) as JsonObject).value);
  const schema = media.schema as JsonObject;
  const validate = ajv.compile(typeof schema.$ref === "string" ? { $ref: `spec${schema.$ref}` } : schema);
  return { example, validate };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases reshape examples freely
type Mutation = (body: any) => unknown;

const cases: [string, string, string, Mutation][] = [
  ["sendEmail without From", "/email", "post", (body) => { delete body.From; return body; }],
  ["sendEmail with neither HtmlBody nor TextBody", "/email", "post", (body) => { delete body.HtmlBody; delete body.TextBody; return body; }],
  ["sendEmail with a null From", "/email", "post", (body) => ({ ...body, From: null })],
  ["sendEmail with a null HtmlBody and no TextBody", "/email", "post", (body) => { delete body.TextBody; return { ...body, HtmlBody: null }; }],
  ["sendEmail with a Subject over 2000 characters", "/email", "post", (body) => ({ ...body, Subject: "x".repeat(2001) })],
  ["sendEmail with a From over 255 characters", "/email", "post", (body) => ({ ...body, From: `${"x".repeat(250)}@example.com` })],
  ["sendEmailWithTemplate with both template ids null", "/email/withTemplate", "post", (body) => ({ ...body, TemplateId: null, TemplateAlias: null })],
  ["pushTemplates with a DestinationServerID beyond 64 bits", "/templates/push", "put", (body) => ({ ...body, DestinationServerID: 18446744073709551616 })],
  ["pushTemplates with a DestinationServerID of 23 digits", "/templates/push", "put", (body) => ({ ...body, DestinationServerID: 99999999999999999999999 })],
  ["sendEmail with a bad TrackLinks", "/email", "post", (body) => ({ ...body, TrackLinks: "Always" })],
  ["sendEmail with a Tag over 1000 characters", "/email", "post", (body) => ({ ...body, Tag: "x".repeat(1001) })],
  ["sendEmailBatch with 501 messages", "/email/batch", "post", (body) => Array.from({ length: 501 }, () => body[0])],
  ["sendEmailBatch with an object instead of an array", "/email/batch", "post", (body) => ({ Messages: body })],
  ["sendEmailWithTemplate with both TemplateId and TemplateAlias", "/email/withTemplate", "post", (body) => ({ ...body, TemplateId: 1234, TemplateAlias: "welcome" })],
  ["sendEmailWithTemplate with neither TemplateId nor TemplateAlias", "/email/withTemplate", "post", (body) => { delete body.TemplateId; delete body.TemplateAlias; return body; }],
  ["sendEmailBatchWithTemplates with a bare array", "/email/batchWithTemplates", "post", (body) => body.Messages],
  ["deleteSuppressions with 51 addresses", "/message-streams/{streamId}/suppressions/delete", "post", (body) => ({ Suppressions: Array.from({ length: 51 }, (_, i) => ({ EmailAddress: `user${i}@example.com` })) })],
  ["createMessageStream without an ID", "/message-streams", "post", (body) => { delete body.ID; return body; }],
  ["createWebhook without a Url", "/webhooks", "post", (body) => { delete body.Url; return body; }],
  ["createSenderSignature without FromEmail", "/senders", "post", (body) => { delete body.FromEmail; return body; }],
  ["createDomain without a Name", "/domains", "post", (body) => { delete body.Name; return body; }],
  ["createServer without a Name", "/servers", "post", (body) => { delete body.Name; return body; }],
  ["createTemplate without a Name", "/templates", "post", (body) => { delete body.Name; return body; }],
  ["editCurrentServer with an InboundSpamThreshold not a multiple of 5", "/server", "put", (body) => ({ ...body, InboundSpamThreshold: 7 })],
];

describe("request schemas", () => {
  it.each(cases)("reject %s", (_name, path, method, mutate) => {
    const { example, validate } = bodyOf(path, method);
    expect(validate(example), "the unbroken example is valid").toBe(true);
    expect(validate(mutate(example))).toBe(false);
  });

  // Actions that Postmark takes with no body at all; every other POST, PUT and PATCH needs one.
  const bodilessActions = [
    "bypassInboundMessage", "retryInboundMessage",
    "rotateDomainDkim", "verifyDomainDkim", "verifyDomainReturnPath", "verifyDomainSpf",
    "requestSenderSignatureDkim", "resendSenderSignatureConfirmation", "verifySenderSignatureSpf",
  ];

  // Actions whose body is optional: postmark.js sends `{}` with them.
  const optionalEmptyBodies = ["activateBounce", "archiveMessageStream", "unarchiveMessageStream"];

  it.each(optionalEmptyBodies)("%s takes no body or an empty object", (operationId) => {
    const entry = operationsOf(spec.paths).find((candidate) => candidate.operation.operationId === operationId)!;
    const body = resolveLocal(spec, entry.operation.requestBody) as JsonObject;
    expect(body.required).toBe(false);
    const schema = ((body.content as JsonObject)["application/json"] as JsonObject).schema as JsonObject;
    const validate = ajv.compile(typeof schema.$ref === "string" ? { $ref: `spec${schema.$ref}` } : schema);
    expect(validate({})).toBe(true);
    expect(validate([])).toBe(false);
  });

  it("exist for every POST, PUT and PATCH except the body-less actions", () => {
    const writes = operationsOf(spec.paths).filter((entry) => ["post", "put", "patch"].includes(entry.method));
    const withoutBody = writes.filter((entry) => !entry.operation.requestBody).map((entry) => entry.operation.operationId);
    expect(withoutBody.sort()).toEqual([...bodilessActions].sort());
  });
});
