// Templates: Standard templates and layouts of a server, by ID or alias; validation with a test
// render; and pushing every aliased template from one server to another.
import type { Bound } from "../../protocol/contract.js";
import { fail } from "../../protocol/errors.js";
import { setOwn } from "../../protocol/own-key.js";
import type { HandlerContext, Handlers } from "../handler.js";
import type { TemplateRecord } from "../store/collections.js";
import type { Transaction } from "../store/store.js";
import type { Work } from "../work.js";
import {
  findLayout,
  findTemplate,
  liveTemplates,
  maxTemplatesPerServer,
  sameAlias,
  summaryOf,
  templateNotFoundCode,
  templateNotFoundMessage,
  templateParts,
  type StoredTemplate,
  type TemplatePart,
} from "../template-store.js";
import {
  checkLayoutPlaceholders,
  inlineCss,
  parseTemplate,
  renderTemplate,
  renderWithLayout,
  suggestTemplateModel,
  TemplateRenderError,
  type ParseResult,
  type Template,
} from "../templates/index.js";
import { isPlainObject } from "../templates/values.js";
import type { Schemas } from "../types.js";

const codes = {
  limitReached: 1105,
  noData: 1109,
  missingField: 1120,
  invalidField: 1122,
  notAllowed: 1123,
  typeMismatch: 1125,
  layoutInUse: 1130,
  serverNotFound: 601,
} as const;

type TemplateType = Schemas["TemplateType"];

/** What a template will hold once a create, edit or push is applied, before it is checked. */
type Draft = Omit<StoredTemplate, "TemplateId" | "AssociatedServerId" | "Active">;

type EditRequest = Bound<Schemas["EditTemplateRequest"]>;
type ValidationRequest = Bound<Schemas["TemplateValidationRequest"]>;
type ValidationResult = Schemas["TemplateValidationResult"];

export const templateHandlers = {
  listTemplates: async (context) => {
    const { query } = context;
    const type = query.TemplateType ?? "All";
    const matching = (await liveTemplates(context.tx, (await context.server()).server.ID)).filter(
      ({ template }) => (type === "All" || template.TemplateType === type) && (query.LayoutTemplate === undefined || sameAlias(template.LayoutTemplate, query.LayoutTemplate)),
    );
    const offset = query.Offset ?? 0;
    const items = matching.slice(offset, offset + (query.Count ?? 500));
    return { status: 200, body: { TotalCount: matching.length, Templates: items.map(({ template }) => summaryOf(template)) } };
  },

  getTemplate: async (context) => ({ status: 200, body: (await existing(context.tx, (await context.server()).server.ID, context.pathParams.templateIdOrAlias, { includeDeleted: true })).template }),

  createTemplate: async (context) => {
    const serverId = (await context.server()).server.ID;
    const body = context.body;
    if ((await liveTemplates(context.tx, serverId)).length >= maxTemplatesPerServer) {
      fail(422, codes.limitReached, `A server holds at most ${maxTemplatesPerServer} templates, layouts included; delete one before creating another.`);
    }
    const draft: Draft = {
      Name: body.Name,
      Alias: body.Alias ?? null,
      Subject: textOrNull(body.Subject),
      HtmlBody: textOrNull(body.HtmlBody),
      TextBody: textOrNull(body.TextBody),
      TemplateType: body.TemplateType ?? "Standard",
      LayoutTemplate: body.LayoutTemplate ?? null,
    };
    if (draft.TemplateType === "Layout") refuseStandardOnlyFields(body);
    await checkDraft(context.tx, serverId, draft, undefined);
    const template = await addTemplate(context, serverId, draft);
    return { status: 200, body: summaryOf(template) };
  },

  editTemplate: async (context) => {
    const serverId = (await context.server()).server.ID;
    const record = await existing(context.tx, serverId, context.pathParams.templateIdOrAlias);
    const body = context.body;
    const current = record.template;
    if (current.TemplateType === "Layout") refuseStandardOnlyFields(body);
    const draft: Draft = {
      Name: body.Name ?? current.Name,
      Alias: body.Alias ?? current.Alias,
      Subject: body.Subject === undefined ? current.Subject : textOrNull(body.Subject),
      HtmlBody: body.HtmlBody === undefined ? current.HtmlBody : textOrNull(body.HtmlBody),
      TextBody: body.TextBody === undefined ? current.TextBody : textOrNull(body.TextBody),
      TemplateType: current.TemplateType,
      // An empty string takes the template out of its layout; null or absent keeps it.
      LayoutTemplate: body.LayoutTemplate === "" ? null : (body.LayoutTemplate ?? current.LayoutTemplate),
    };
    await checkDraft(context.tx, serverId, draft, current.TemplateId);
    return { status: 200, body: summaryOf(await applyDraft(context.tx, serverId, record, draft)) };
  },

  deleteTemplate: async (context) => {
    const serverId = (await context.server()).server.ID;
    const record = await existing(context.tx, serverId, context.pathParams.templateIdOrAlias);
    const { template } = record;
    if (template.TemplateType === "Layout") {
      const users = (await liveTemplates(context.tx, serverId)).filter((entry) => sameAlias(entry.template.LayoutTemplate, template.Alias));
      if (users.length > 0) {
        fail(422, codes.layoutInUse, `The layout '${template.Alias ?? template.TemplateId}' is used by ${users.length} template(s); give them another layout or none before deleting it.`);
      }
    }
    // Postmark keeps a deleted template, inactive, so its ID still answers with `Active: false`.
    await context.tx.templates.put({ ...record, template: { ...template, Active: false } });
    return { status: 200, body: { ErrorCode: 0, Message: `Template ${template.TemplateId} removed.` } };
  },

  validateTemplate: async (context) => ({ status: 200, body: await validate(context.tx, (await context.server()).server.ID, context.body) }),

  pushTemplates: async (context) => {
    const body = context.body;
    const [source, destination] = await pushServers(context.tx, body.SourceServerID, body.DestinationServerID);
    const plan = await planPush(context.tx, source, destination);
    const actions: Schemas["TemplatePushAction"][] = [];
    for (const { template, target } of plan) {
      let TemplateId: number | null = target?.template.TemplateId ?? null;
      if (body.PerformChanges) {
        const draft = draftOf(template);
        if (target === undefined) TemplateId = (await addTemplate(context, destination, draft)).TemplateId;
        else await applyDraft(context.tx, destination, target, draft);
      }
      actions.push({
        Action: target === undefined ? "Create" : "Edit",
        TemplateId,
        Alias: template.Alias,
        Name: template.Name,
        TemplateType: template.TemplateType,
      });
    }
    return { status: 200, body: { TotalCount: actions.length, Templates: actions } };
  },
} satisfies Partial<Handlers>;

/** The template a path names; an unknown one is Postmark's ErrorCode 1101 (HTTP 422). */
async function existing(tx: Transaction, serverId: number, idOrAlias: string, options: { includeDeleted?: boolean } = {}): Promise<TemplateRecord> {
  return (await findTemplate(tx, serverId, idOrAlias, options)) ?? fail(422, templateNotFoundCode, templateNotFoundMessage(idOrAlias));
}

/** Empty text counts as no text: an empty body is no body. */
function textOrNull(value: string | undefined): string | null {
  return value === undefined || value === "" ? null : value;
}

function refuseStandardOnlyFields(body: { Subject?: string; LayoutTemplate?: string }): void {
  if (body.Subject !== undefined) fail(422, codes.notAllowed, "A layout has no subject: leave 'Subject' out for TemplateType Layout.");
  if (body.LayoutTemplate !== undefined) fail(422, codes.notAllowed, "A layout cannot be placed in another layout: leave 'LayoutTemplate' out for TemplateType Layout.");
}

/** The checks every saved template passes: required fields, a free alias, its layout, valid content. */
async function checkDraft(tx: Transaction, serverId: number, draft: Draft, selfId: number | undefined): Promise<void> {
  if (draft.Name.trim() === "") fail(422, codes.missingField, "The 'Name' field is required.");
  if (draft.TemplateType === "Standard" && (draft.Subject === null || draft.Subject.trim() === "")) {
    fail(422, codes.missingField, "The 'Subject' field is required for a Standard template.");
  }
  if (draft.HtmlBody === null && draft.TextBody === null) fail(422, codes.missingField, "A template needs an 'HtmlBody', a 'TextBody' or both.");
  const alias = draft.Alias;
  if (alias !== null && (await liveTemplates(tx, serverId)).some(({ template }) => template.TemplateId !== selfId && sameAlias(template.Alias, alias))) {
    fail(422, codes.invalidField, `The alias '${alias}' is already used by another template on this server.`);
  }
  if (draft.LayoutTemplate !== null && (await findLayout(tx, serverId, draft.LayoutTemplate)) === undefined) {
    fail(422, codes.invalidField, `The 'LayoutTemplate' '${draft.LayoutTemplate}' does not name a layout on this server.`);
  }
  const parsed: Partial<Record<TemplatePart, Template>> = {};
  for (const part of templateParts) {
    const source = draft[part];
    if (source === null) continue;
    const result = parseTemplate(source);
    if (!result.ok) {
      const first = result.errors[0];
      const where = first === undefined ? "" : ` (line ${first.Line}, character ${first.CharacterPosition})`;
      fail(422, codes.invalidField, `The '${part}' is not a valid template: ${first?.Message ?? "it cannot be parsed."}${where}`);
    }
    parsed[part] = result.template;
  }
  if (draft.TemplateType === "Layout") {
    const problem = checkLayoutPlaceholders({ HtmlBody: parsed.HtmlBody, TextBody: parsed.TextBody });
    if (problem !== null) fail(422, problem.ErrorCode, problem.Message);
  }
}

async function addTemplate(work: Work, serverId: number, draft: Draft): Promise<StoredTemplate> {
  const template: StoredTemplate = {
    TemplateId: await work.nextId("template"),
    AssociatedServerId: serverId,
    Active: true,
    ...draft,
  };
  await work.tx.templates.put({ template, at: work.now.getTime() });
  return template;
}

async function applyDraft(tx: Transaction, serverId: number, record: TemplateRecord, draft: Draft): Promise<StoredTemplate> {
  const previousAlias = record.template.Alias;
  const template = { ...record.template, ...draft };
  await tx.templates.put({ ...record, template });
  // Standard templates follow their layout to its new alias, as they are tied to the layout itself.
  if (template.TemplateType === "Layout" && previousAlias !== null && draft.Alias !== previousAlias) {
    for (const user of await liveTemplates(tx, serverId)) {
      if (sameAlias(user.template.LayoutTemplate, previousAlias)) await tx.templates.put({ ...user, template: { ...user.template, LayoutTemplate: draft.Alias } });
    }
  }
  return template;
}

function draftOf(template: StoredTemplate): Draft {
  const { Name, Alias, Subject, HtmlBody, TextBody, TemplateType, LayoutTemplate } = template;
  return { Name, Alias, Subject, HtmlBody, TextBody, TemplateType, LayoutTemplate };
}

/**
 * The two servers of a push, or Postmark's refusal naming which of them is unknown (its words, as
 * postmark.js's integration tests check them; the ErrorCode is not published, 601 is the
 * documented "server does not exist").
 */
async function pushServers(tx: Transaction, sourceId: number, destinationId: number): Promise<[number, number]> {
  const source = await tx.servers.get(sourceId);
  const destination = await tx.servers.get(destinationId);
  if (!source && !destination) fail(422, 601, "The source and destination servers were not found.");
  if (!source) fail(422, 601, "The source server was not found.");
  if (!destination) fail(422, 601, "The destination server was not found.");
  return [source.server.ID, destination.server.ID];
}

/**
 * What a push does: every aliased template of the source, layouts first (so the templates that
 * use them find them), matched by alias with the destination's templates. Checked whole before
 * anything changes: a type mismatch or a full destination stops the push.
 */
async function planPush(tx: Transaction, source: number, destination: number): Promise<{ template: StoredTemplate; target: TemplateRecord | undefined }[]> {
  const pushed = (await liveTemplates(tx, source))
    .map(({ template }) => template)
    .filter((template) => template.Alias !== null)
    .sort((a, b) => layoutFirst(a.TemplateType) - layoutFirst(b.TemplateType));
  const plan: { template: StoredTemplate; target: TemplateRecord | undefined }[] = [];
  for (const template of pushed) {
    const target = template.Alias === null ? undefined : await findTemplate(tx, destination, template.Alias);
    if (target !== undefined && target.template.TemplateType !== template.TemplateType) {
      fail(422, codes.typeMismatch, `The template '${template.Alias ?? ""}' is a ${template.TemplateType} template on the source server but a ${target.template.TemplateType} template on the destination server.`);
    }
    plan.push({ template, target });
  }
  const created = plan.filter(({ target }) => target === undefined).length;
  if ((await liveTemplates(tx, destination)).length + created > maxTemplatesPerServer) {
    fail(422, codes.limitReached, `The push would leave the destination server with more than ${maxTemplatesPerServer} templates.`);
  }
  return plan;
}

function layoutFirst(type: TemplateType): number {
  return type === "Layout" ? 0 : 1;
}

// ---- /templates/validate ----

async function validate(tx: Transaction, serverId: number, request: ValidationRequest): Promise<Schemas["TemplateValidationResponse"]> {
  const type = request.TemplateType ?? "Standard";
  if (type === "Layout") refuseStandardOnlyFields(request);
  const given = templateParts.filter((part) => typeof request[part] === "string");
  if (given.length === 0) fail(422, codes.noData, "Give at least one of 'Subject', 'HtmlBody' and 'TextBody' to validate.");
  const layout = request.LayoutTemplate === undefined ? undefined : await findLayout(tx, serverId, request.LayoutTemplate);
  if (request.LayoutTemplate !== undefined && layout === undefined) {
    fail(422, codes.invalidField, `The 'LayoutTemplate' '${request.LayoutTemplate}' does not name a layout on this server.`);
  }
  const parsed: Partial<Record<TemplatePart, ParseResult>> = {};
  for (const part of given) parsed[part] = parseTemplate(request[part] as string);
  const frames: Partial<Record<TemplatePart, Template>> = {};
  if (layout !== undefined) {
    for (const part of ["HtmlBody", "TextBody"] as const) {
      const source = layout[part];
      const result = source === null ? undefined : parseTemplate(source);
      if (result?.ok === true) frames[part] = result.template;
    }
  }
  // Postmark fills whatever the test model leaves out with the suggested sample values, renders
  // with that, and answers the combined model as the suggestion.
  const valid = [...Object.values(parsed), ...Object.values(frames).map((template) => ({ ok: true as const, template }))]
    .flatMap((result) => (result.ok ? [result.template] : []));
  const model = overlay(suggestTemplateModel(valid), request.TestRenderModel ?? {}) as Record<string, unknown>;

  const response: Schemas["TemplateValidationResponse"] = { AllContentIsValid: true, Subject: null, HtmlBody: null, TextBody: null, SuggestedTemplateModel: model };
  for (const part of given) {
    const result = checkPart(part, parsed[part] as ParseResult, frames[part], model, type, request.InlineCssForHtmlTestRender !== false);
    response[part] = result;
    if (!result.ContentIsValid) response.AllContentIsValid = false;
  }
  return response;
}

function checkPart(part: TemplatePart, parsed: ParseResult, frame: Template | undefined, model: unknown, type: TemplateType, inline: boolean): ValidationResult {
  if (!parsed.ok) return { ContentIsValid: false, ValidationErrors: parsed.errors, RenderedContent: null };
  if (type === "Layout" && part !== "Subject") {
    const problem = checkLayoutPlaceholders({ [part]: parsed.template });
    if (problem !== null) return { ContentIsValid: false, ValidationErrors: [{ Message: problem.Message }], RenderedContent: null };
  }
  const options = { html: part === "HtmlBody" };
  try {
    const rendered = frame === undefined || part === "Subject"
      ? renderTemplate(parsed.template, model, options)
      : renderWithLayout(frame, parsed.template, model, options);
    return { ContentIsValid: true, ValidationErrors: [], RenderedContent: part === "HtmlBody" && inline ? inlineCss(rendered) : rendered };
  } catch (error) {
    if (error instanceof TemplateRenderError) return { ContentIsValid: false, ValidationErrors: [error.error], RenderedContent: null };
    throw error;
  }
}

/**
 * The given model laid over the suggested one: the given values win, objects in both are combined
 * key by key, and what only the suggestion has fills the gaps.
 */
function overlay(suggested: unknown, given: unknown): unknown {
  if (!isPlainObject(suggested) || !isPlainObject(given)) return given;
  const combined: Record<string, unknown> = { ...given };
  for (const [key, value] of Object.entries(suggested)) {
    setOwn(combined, key, Object.hasOwn(given, key) ? overlay(value, given[key]) : value);
  }
  return combined;
}
