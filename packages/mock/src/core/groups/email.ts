// Email: one message, a batch, and their templated forms. A single send that breaks a rule is
// refused with Postmark's status and ErrorCode; a batch always answers 200, one result per
// message in order, each failed message with its own ErrorCode.
import type { Bound, Context, Handler } from "../context.js";
import { fail } from "../../front/errors.js";
import type { OutgoingMessage } from "../mail/index.js";
import { renderTemplatedMessage } from "../render-templated.js";
import { sendMessage, type SendOutcome } from "../sending.js";
import type { OperationId, Schemas } from "../types.js";

type TemplatedMessage = Bound<Schemas["TemplatedEmailMessage"]>;

function single(outcome: SendOutcome) {
  if (!outcome.ok) fail(outcome.error.status, outcome.error.errorCode, outcome.error.message);
  return { status: 200, body: outcome.result };
}

function batchResult(outcome: SendOutcome): Schemas["EmailSendResult"] {
  return outcome.ok ? outcome.result : { ErrorCode: outcome.error.errorCode, Message: outcome.error.message };
}

/** Renders a templated message into an ordinary one, or says why it cannot be sent. */
function sendTemplated(context: Context, message: TemplatedMessage): SendOutcome {
  const server = context.server();
  const rendered = renderTemplatedMessage(server, message);
  if ("refusal" in rendered) return { ok: false, error: { status: 422, errorCode: rendered.refusal.ErrorCode, message: rendered.refusal.Message } };
  const { TemplateId: _id, TemplateAlias: _alias, TemplateModel: _model, InlineCss: _inline, ...envelope } = message;
  if ("renderingFailed" in rendered) {
    // Postmark accepts the send, then reports the model that did not fit as a bounce.
    const { Subject, HtmlBody, TextBody } = rendered.template;
    const unrendered = { Subject: Subject ?? "", ...(HtmlBody ? { HtmlBody } : {}), ...(TextBody ? { TextBody } : {}) };
    return sendMessage(context, server, { ...envelope, ...unrendered } as OutgoingMessage, { kind: "template", bounceAs: "TemplateRenderingFailed" });
  }
  return sendMessage(context, server, { ...envelope, ...rendered.message } as OutgoingMessage, { kind: "template" });
}

export const emailHandlers: Partial<Record<OperationId, Handler>> = {
  sendEmail: (context) => single(sendMessage(context, context.server(), context.body<OutgoingMessage>(), { kind: "email" })),

  sendEmailBatch: (context) => {
    const server = context.server();
    const messages = context.body<OutgoingMessage[]>();
    return { status: 200, body: messages.map((message) => batchResult(sendMessage(context, server, message, { kind: "email" }))) };
  },

  sendEmailWithTemplate: (context) => single(sendTemplated(context, context.body<TemplatedMessage>())),

  sendEmailBatchWithTemplates: (context) => {
    const { Messages } = context.body<Schemas["TemplatedEmailBatch"]>();
    return { status: 200, body: Messages.map((message) => batchResult(sendTemplated(context, message))) };
  },
};
