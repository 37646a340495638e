// Renders a stored template for a send (/email/withTemplate, batches, bulk): finds the template,
// wraps it in its layout, fills it with the model and inlines the HTML's CSS.
import type { Transaction } from "./store/store.js";
import {
  findLayout,
  findTemplate,
  parsedPart,
  templateNotFoundCode,
  templateNotFoundMessage,
  type StoredTemplate,
  type TemplatePart,
} from "./template-store.js";
import { inlineCss, renderTemplate, renderWithLayout, TemplateRenderError, type TemplateError } from "./templates/index.js";

export interface TemplatedRequest {
  TemplateId?: number;
  TemplateAlias?: string;
  TemplateModel: unknown;
  /** move <style> rules onto the HTML's elements; default true */
  InlineCss?: boolean;
}

export interface RenderedMessage {
  Subject: string;
  HtmlBody?: string;
  TextBody?: string;
}

/**
 * What a templated send gets:
 * - `message`: the rendered content;
 * - `refusal`: Postmark refuses the send with this ErrorCode (HTTP 422, or one batch result);
 * - `renderingFailed`: the model does not fit the template (an each over a value that is not a
 *   list). Postmark accepts such a send and then reports it as a bounce of type
 *   `TemplateRenderingFailed`, so the caller records that instead of delivering.
 */
export type TemplatedOutcome =
  | { ok: true; template: StoredTemplate; message: RenderedMessage }
  | { ok: false; refusal: { ErrorCode: number; Message: string } }
  | { ok: false; template: StoredTemplate; renderingFailed: TemplateError };

export async function renderTemplatedMessage(tx: Transaction, serverId: number, request: TemplatedRequest): Promise<TemplatedOutcome> {
  const key = request.TemplateId !== undefined ? String(request.TemplateId) : request.TemplateAlias;
  if (key === undefined || key === "") return refuse(templateNotFoundCode, "Either 'TemplateId' or 'TemplateAlias' is required to send with a template.");
  const template = (await findTemplate(tx, serverId, key))?.template;
  // A layout is only a frame for other templates: it cannot be sent by itself.
  if (template === undefined || template.TemplateType !== "Standard") return refuse(templateNotFoundCode, templateNotFoundMessage(key));
  const layout = template.LayoutTemplate === null ? undefined : await findLayout(tx, serverId, template.LayoutTemplate);
  if (template.LayoutTemplate !== null && layout === undefined) {
    return refuse(templateNotFoundCode, `The layout '${template.LayoutTemplate}' of this template is not valid or was not found.`);
  }
  try {
    const message: RenderedMessage = { Subject: renderPart(template, undefined, "Subject", request.TemplateModel) ?? "" };
    const html = renderPart(template, layout, "HtmlBody", request.TemplateModel);
    if (html !== undefined) message.HtmlBody = request.InlineCss === false ? html : inlinedCss(html);
    const text = renderPart(template, layout, "TextBody", request.TemplateModel);
    if (text !== undefined) message.TextBody = text;
    return { ok: true, template, message };
  } catch (error) {
    if (error instanceof TemplateRenderError) return { ok: false, template, renderingFailed: error.error };
    throw error;
  }
}

// Inlining CSS costs far more than rendering, and apps often send the same content again (the same
// template and model to many recipients): the last results are kept, oldest dropped first.
// Bounded by count and by size: large bodies are not kept at all.
const inlined = new Map<string, string>();
const maxInlined = 64;
const maxCachedChars = 8 * 1024 * 1024;
let cachedChars = 0;

function inlinedCss(html: string): string {
  const known = inlined.get(html);
  if (known !== undefined) return known;
  const result = inlineCss(html);
  const size = html.length + result.length;
  if (size > maxCachedChars / 8) return result;
  while (inlined.size >= maxInlined || (inlined.size > 0 && cachedChars + size > maxCachedChars)) {
    const [oldest, value] = inlined.entries().next().value as [string, string];
    inlined.delete(oldest);
    cachedChars -= oldest.length + value.length;
  }
  inlined.set(html, result);
  cachedChars += size;
  return result;
}

function refuse(ErrorCode: number, Message: string): TemplatedOutcome {
  return { ok: false, refusal: { ErrorCode, Message } };
}

/** One part rendered, inside the layout's same part when the layout has one; undefined when absent. */
function renderPart(template: StoredTemplate, layout: StoredTemplate | undefined, part: TemplatePart, model: unknown): string | undefined {
  const content = parsedPart(template, part);
  if (content === null) return undefined;
  // Stored content always parsed when it was saved; this guards state edited by hand.
  if (!content.ok) throw new TemplateRenderError(content.errors[0] ?? { Message: `The template's ${part} is not valid.`, Line: 0, CharacterPosition: 0 });
  const options = { html: part === "HtmlBody" };
  const frame = layout === undefined ? null : parsedPart(layout, part);
  if (frame !== null && frame.ok) return renderWithLayout(frame.template, content.template, model, options);
  return renderTemplate(content.template, model, options);
}
