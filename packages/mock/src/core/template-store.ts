// A server's templates as the API sees them: lookup by ID or alias, the summary form, and each
// template's parsed content, kept so sends and validations do not parse the same text again.
import type { TemplateRecord } from "./store/collections.js";
import type { Transaction } from "./store/store.js";
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
export function isTemplateId(idOrAlias: string | number): boolean {
  return typeof idOrAlias === "number" || /^[0-9]+$/.test(idOrAlias);
}

/**
 * The template an ID or alias names on a server. Deleted templates stay reachable by ID only
 * (Postmark answers them with `Active: false`); `includeDeleted` asks for that.
 */
export async function findTemplate(tx: Transaction, serverId: number, idOrAlias: string | number, options: { includeDeleted?: boolean } = {}): Promise<TemplateRecord | undefined> {
  if (isTemplateId(idOrAlias)) {
    const record = await tx.templates.get(Number(idOrAlias));
    if (record === undefined || record.template.AssociatedServerId !== serverId) return undefined;
    if (!record.template.Active && options.includeDeleted !== true) return undefined;
    return record;
  }
  const [record] = await tx.templates.find({ scope: serverId, where: { alias: String(idOrAlias), active: true }, limit: 1 });
  return record;
}

/** The server's templates that are not deleted, oldest first. */
export async function liveTemplates(tx: Transaction, serverId: number): Promise<TemplateRecord[]> {
  return tx.templates.find({ scope: serverId, where: { active: true }, order: "oldest" });
}

/** The layout a Standard template's `LayoutTemplate` names, if it exists and is a layout. */
export async function findLayout(tx: Transaction, serverId: number, alias: string): Promise<StoredTemplate | undefined> {
  const record = await findTemplate(tx, serverId, alias);
  return record?.template.TemplateType === "Layout" ? record.template : undefined;
}

/** Postmark's message for an unknown template, naming the field it was looked up by. */
export function templateNotFoundMessage(idOrAlias: string | number): string {
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

// Parsed trees by source text: a store may hand out a new copy of a template on every read, and
// the same text parses to the same tree. The least recently used go first.
const parsedTexts = new Map<string, ParsedPart>();
const maxParsedTexts = 256;

/** A stored template's part, parsed once per text; null when the template has no such part. */
export function parsedPart(template: StoredTemplate, part: TemplatePart): ParsedPart | null {
  const source = template[part];
  if (source === null || source === undefined) return null;
  const cached = parsedTexts.get(source);
  if (cached !== undefined) {
    parsedTexts.delete(source);
    parsedTexts.set(source, cached);
    return cached;
  }
  const parsed = parseTemplate(source);
  if (parsedTexts.size >= maxParsedTexts) parsedTexts.delete(parsedTexts.keys().next().value as string);
  parsedTexts.set(source, parsed);
  return parsed;
}
