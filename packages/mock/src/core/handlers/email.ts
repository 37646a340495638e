// Email: one message, a batch, and their templated forms. A single send that breaks a rule is
// refused with Postmark's status and ErrorCode; a batch always answers 200, one result per
// message in order, each failed message with its own ErrorCode.
import type { Bound } from "../../protocol/contract.js";
import { fail } from "../../protocol/errors.js";
import type { Handlers } from "../handler.js";
import type { OutgoingMessage } from "../mail/index.js";
import { renderTemplatedMessage } from "../render-templated.js";
import { sendMessage, type SendOutcome } from "../sending.js";
import type { Schemas } from "../types.js";
import type { Work } from "../work.js";

type TemplatedMessage = Bound<Schemas["TemplatedEmailMessage"]>;

function single(outcome: SendOutcome) {
  if (!outcome.ok) fail(outcome.error.status, outcome.error.errorCode, outcome.error.message);
  return { status: 200 as const, body: outcome.result };
}

function batchResult(outcome: SendOutcome): Schemas["EmailSendResult"] {
  return outcome.ok ? outcome.result : { ErrorCode: outcome.error.errorCode, Message: outcome.error.message };
}

/** Renders a templated message into an ordinary one, or says why it cannot be sent. */
async function sendTemplated(work: Work, serverId: number, message: TemplatedMessage, test: boolean): Promise<SendOutcome> {
  const rendered = await renderTemplatedMessage(work.tx, serverId, message);
  if ("refusal" in rendered) return { ok: false, error: { status: 422, errorCode: rendered.refusal.ErrorCode, message: rendered.refusal.Message } };
  const { TemplateId: _id, TemplateAlias: _alias, TemplateModel: _model, InlineCss: _inline, ...envelope } = message;
  if ("renderingFailed" in rendered) {
    // Postmark accepts the send, then reports the model that did not fit as a bounce.
    const { Subject, HtmlBody, TextBody } = rendered.template;
    const unrendered = { Subject: Subject ?? "", ...(HtmlBody ? { HtmlBody } : {}), ...(TextBody ? { TextBody } : {}) };
    return sendMessage(work, serverId, { ...envelope, ...unrendered } as OutgoingMessage, { kind: "template", bounceAs: "TemplateRenderingFailed", test });
  }
  return sendMessage(work, serverId, { ...envelope, ...rendered.message } as OutgoingMessage, { kind: "template", test });
}

export const emailHandlers = {
  sendEmail: async (context) => single(await sendMessage(context, (await context.server()).server.ID, context.body, { kind: "email", test: context.isTestToken })),

  sendEmailBatch: async (context) => {
    const serverId = (await context.server()).server.ID;
    const results: Schemas["EmailSendResult"][] = [];
    for (const message of context.body) results.push(batchResult(await sendMessage(context, serverId, message, { kind: "email", test: context.isTestToken })));
    return { status: 200, body: results };
  },

  sendEmailWithTemplate: async (context) => single(await sendTemplated(context, (await context.server()).server.ID, context.body, context.isTestToken)),

  sendEmailBatchWithTemplates: async (context) => {
    const serverId = (await context.server()).server.ID;
    const results: Schemas["EmailSendResult"][] = [];
    for (const message of context.body.Messages) results.push(batchResult(await sendTemplated(context, serverId, message, context.isTestToken)));
    return { status: 200, body: results };
  },
} satisfies Partial<Handlers>;
