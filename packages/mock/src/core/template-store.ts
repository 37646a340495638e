// A server's templates as the API sees them: lookup by ID or alias, the summary form, and each
// template's parsed content, kept so sends and validations do not parse the same text again.
import type { ServerState, TemplateRecord } from "./state.js";
import { parseTemplate, type Template, type TemplateError } from "./templates/index.js";
import type { Schemas } from "./types.js";

export type StoredTemplate = Schemas["Template"];

/** Postmark's limit of templates (layouts included) per server. */
export const maxTemplatesPerServer = 100;

/** Postmark's ErrorCode for an unknown (or deleted) template. */
export const templateNotFoundCode = 1101;

/** Aliases are compared without regard to case, so two cannot differ only in case. */
export function sameAlias(a: string | null | undefined, b: string | null | undefined): boolean {
  return a != null && b != null && a.toLowerCase() === b.toLowerCase();
}

/** A numeric path segment is a TemplateId; anything else is an alias (aliases start with a letter). */
export function isTemplateId(idOrAlias: string): boolean {
  return /^[0-9]+$/.test(idOrAlias);
}

/**
 * The template an ID or alias names. Deleted templates stay reachable by ID only (Postmark answers
 * them with `Active: false`); `includeDeleted` asks for that.
 */
export function findTemplate(server: ServerState, idOrAlias: string, options: { includeDeleted?: boolean } = {}): TemplateRecord | undefined {
  if (isTemplateId(idOrAlias)) {
    const id = Number(idOrAlias);
    const record = server.templates.find((entry) => entry.template.TemplateId === id);
    if (record === undefined || (!record.template.Active && options.includeDeleted !== true)) return undefined;
    return record;
  }
  return server.templates.find((entry) => entry.template.Active && sameAlias(entry.template.Alias, idOrAlias));
}

/** The server's templates that are not deleted, oldest first. */
export function liveTemplates(server: ServerState): TemplateRecord[] {
  return server.templates.filter((entry) => entry.template.Active);
}

/** The layout a Standard template's `LayoutTemplate` names, if it exists and is a layout. */
export function findLayout(server: ServerState, alias: string): StoredTemplate | undefined {
  const record = findTemplate(server, alias);
  return record?.template.TemplateType === "Layout" ? record.template : undefined;
}

/** Postmark's message for an unknown template, naming the field it was looked up by. */
export function templateNotFoundMessage(idOrAlias: string): string {
  return isTemplateId(idOrAlias)
    ? "The 'TemplateId' associated with this request is not valid or was not found."
    : "The Template's 'Alias' associated with this request is not valid or was not found.";
}

export function summaryOf(template: StoredTemplate): Schemas["TemplateSummary"] {
  const { TemplateId, Name, Alias, Active, TemplateType, LayoutTemplate } = template;
  return { TemplateId, Name, Alias, Active, TemplateType, LayoutTemplate };
}

/** The three parts of template content. */
export const templateParts = ["Subject", "HtmlBody", "TextBody"] as const;
export type TemplatePart = (typeof templateParts)[number];

/** One part parsed: the tree to render, or the errors that stop it from parsing. */
export type ParsedPart = { ok: true; template: Template } | { ok: false; errors: TemplateError[] };

interface CachedPart {
  readonly source: string;
  readonly parsed: ParsedPart;
}

// Keyed by the stored template object; an entry is reused only while the text it was parsed
// from is still the stored text, so an edit needs no explicit invalidation.
const parsedParts = new WeakMap<StoredTemplate, Partial<Record<TemplatePart, CachedPart>>>();

/** A stored template's part, parsed once per text; null when the template has no such part. */
export function parsedPart(template: StoredTemplate, part: TemplatePart): ParsedPart | null {
  const source = template[part];
  if (source === null || source === undefined) return null;
  let parts = parsedParts.get(template);
  if (parts === undefined) {
    parts = {};
    parsedParts.set(template, parts);
  }
  const cached = parts[part];
  if (cached !== undefined && cached.source === source) return cached.parsed;
  const parsed = parseTemplate(source);
  parts[part] = { source, parsed };
  return parsed;
}
