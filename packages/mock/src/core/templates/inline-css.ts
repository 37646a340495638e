// Moves the rules of an HTML body's <style> blocks onto the elements they match, as Postmark does
// for templated sends (InlineCss, default true) and test renders (InlineCssForHtmlTestRender).
//
// The cost is bounded and roughly linear in the size of the HTML, so one large template cannot
// hold the server: the HTML is read once (htmlparser2's tokenizer), each rule is looked up only
// for elements that carry its rightmost id, class or type, matching remembers what it found, and
// the whole document may take at most `maxSteps` matching steps and `maxDepth` levels of
// nesting. HTML past those bounds is returned as written, not inlined. Only the start tags that
// gain a style and the <style> blocks change; everything else stays byte for byte.
//
// The cascade: declarations of matching rules in order of importance, specificity and source
// order; the element's own style attribute above every rule but `!important` ones. An element's
// declarations are written in that order, as `name: value;`. Rules that cannot be inlined
// (@media, @font-face, pseudo-classes such as :hover, pseudo-elements) stay in a <style> block
// where the first one was. `<style data-embed>` blocks are left alone.
import { Parser } from "htmlparser2";
import { readDeclarations, readSheet, splitSelectors, type Declaration } from "./css-rules.js";
import { attribute, BudgetExceeded, compileSelector, eachClass, ElementTable, type Budget, type CompiledSelector } from "./css-selectors.js";

/** Matching steps one document may take. */
export const maxSteps = 5_000_000;
/** Nesting beyond this is no email: the HTML is returned as written. */
export const maxDepth = 256;

/** Elements that are never styled (as other inliners skip them). */
const nonVisual = new Set(["head", "title", "base", "link", "style", "meta", "script", "noscript"]);

/** The elements of the document, and where each one's start tag is in the source (-1 for a tag the parser implied). */
interface Document {
  table: ElementTable;
  tagStarts: Int32Array;
  tagEnds: Int32Array;
  styles: StyleBlock[];
}

interface StyleBlock {
  start: number;
  /** just past `</style>` */
  end: number;
  css: string;
}

class DocumentTooComplex extends Error {}

interface Rule {
  selector: CompiledSelector;
  declarations: Declaration[];
  /** source order of the rule's first declaration, for the cascade */
  order: number;
}

/** Elements that get a style, in document order, with the style each gets. */
interface Styled {
  elements: number[];
  styles: string[];
}

export function inlineCss(html: string): string {
  if (!/<style[\s>]/i.test(html)) return html;
  let document: Document;
  try {
    document = readDocument(html);
  } catch (error) {
    if (error instanceof DocumentTooComplex) return html;
    throw error;
  }
  if (document.styles.length === 0) return html;

  const kept: string[] = [];
  const rules: Rule[] = [];
  let order = 0;
  for (const block of document.styles) {
    for (const item of readSheet(block.css)) {
      if (item.kind === "at") {
        kept.push(item.text);
        continue;
      }
      const declarations = readDeclarations(item.body);
      const uninlinable: string[] = [];
      for (const text of splitSelectors(item.selectors)) {
        const selector = compileSelector(text);
        if (selector) rules.push({ selector, declarations, order });
        else uninlinable.push(text);
      }
      if (uninlinable.length > 0) kept.push(`${uninlinable.join(", ")} {${item.body}}`);
      order += declarations.length + 1;
    }
  }

  let styled: Styled;
  try {
    styled = applyRules(document, rules, { steps: 0, max: maxSteps });
  } catch (error) {
    if (error instanceof BudgetExceeded) return html;
    throw error;
  }
  return rewrite(html, document, styled, kept);
}

/** Reads the elements and <style> blocks of the HTML in one pass. */
function readDocument(html: string): Document {
  let capacity = 1;
  for (let at = html.indexOf("<"); at >= 0; at = html.indexOf("<", at + 1)) capacity++;
  const table = new ElementTable(capacity);
  const tagStarts = new Int32Array(capacity);
  const tagEnds = new Int32Array(capacity);
  const styles: StyleBlock[] = [];
  const open: number[] = [];
  let style: { start: number; css: string; embedded: boolean } | undefined;

  const parser = new Parser(
    {
      onopentag(name, attributes, implied) {
        if (open.length >= maxDepth) throw new DocumentTooComplex();
        const element = table.add(name, attributes, attributes["class"] ?? "", open.length > 0 ? open[open.length - 1]! : -1);
        tagStarts[element] = implied ? -1 : parser.startIndex;
        tagEnds[element] = implied ? -1 : parser.endIndex;
        open.push(element);
        if (name === "style" && !implied) style = { start: parser.startIndex, css: "", embedded: attributes["data-embed"] !== undefined };
      },
      ontext(text) {
        if (style) style.css += text;
        if (open.length > 0 && text !== "") table.filled[open[open.length - 1]!] = 1;
      },
      onclosetag(name) {
        open.pop();
        if (name === "style" && style) {
          if (!style.embedded) styles.push({ start: style.start, end: parser.endIndex + 1, css: style.css });
          style = undefined;
        }
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return { table, tagStarts, tagEnds, styles };
}

/** Runs the cascade: each element that rules match, with the style attribute it gets. */
function applyRules(document: Document, rules: Rule[], budget: Budget): Styled {
  const { table, tagStarts } = document;
  const byId = new Map<string, Rule[]>();
  const byClass = new Map<string, Rule[]>();
  const byType = new Map<string, Rule[]>();
  const anyElement: Rule[] = [];
  for (const rule of rules) {
    const { key } = rule.selector;
    const bucket = key.kind === "any" ? anyElement : bucketFor(key.kind === "id" ? byId : key.kind === "class" ? byClass : byType, key.value);
    bucket.push(rule);
  }

  // The rules an element is tried against: those of its id, its classes, its name, and any.
  const eachBucket = (element: number, visit: (bucket: Rule[]) => void) => {
    const id = attribute(table, element, "id");
    const ofId = id === undefined ? undefined : byId.get(id);
    if (ofId) visit(ofId);
    const classes = table.classes[element]!;
    if (classes !== "") {
      // A class listed twice is looked up once.
      let seen: string | undefined;
      let seenMore: Set<string> | undefined;
      eachClass(classes, (name) => {
        if (name === seen || seenMore?.has(name)) return;
        if (seen === undefined) seen = name;
        else (seenMore ??= new Set()).add(name);
        const ofClass = byClass.get(name);
        if (ofClass) visit(ofClass);
      });
    }
    const ofType = byType.get(table.names[element]!);
    if (ofType) visit(ofType);
    if (anyElement.length > 0) visit(anyElement);
  };
  const styledElement = (element: number) => tagStarts[element]! >= 0 && !nonVisual.has(table.names[element]!);
  // When those pairs alone exceed the budget, nothing is matched at all.
  let pairs = 0;
  const count = (bucket: Rule[]) => void (pairs += bucket.length);
  for (let element = 0; element < table.size; element++) {
    if (!styledElement(element)) continue;
    eachBucket(element, count);
    if (pairs > budget.max) throw new BudgetExceeded();
  }

  const styled: Styled = { elements: [], styles: [] };
  let source = 0;
  let current = 0;
  const winners = new Winners();
  const tryBucket = (bucket: Rule[]) => {
    for (const rule of bucket) {
      if (!rule.selector.matches(table, current, budget)) continue;
      source += 1;
      // Declarations cost like steps: a rule with many of them matching everywhere adds up.
      budget.steps += rule.declarations.length;
      const { declarations, order } = rule;
      for (let i = 0; i < declarations.length; i++) winners.offer(declarations[i]!, rank(declarations[i]!.important, rule.selector.specificity, order + i), source);
    }
  };
  for (let element = 0; element < table.size; element++) {
    if (!styledElement(element)) continue;
    current = element;
    winners.clear();
    eachBucket(element, tryBucket);
    if (winners.size === 0) continue;
    // The element's own style: above every rule, below their !important declarations.
    const own = attribute(table, element, "style");
    if (own !== undefined) {
      source += 1;
      const declarations = readDeclarations(own);
      for (let i = 0; i < declarations.length; i++) winners.offer(declarations[i]!, rank(declarations[i]!.important, inlineSpecificity, i), source);
    }
    styled.elements.push(element);
    styled.styles.push(winners.styleText());
  }
  return styled;
}

/**
 * The winning declaration of each property of one element, with the fallbacks its rule repeats
 * (`color: red; color: rgba(…)`). An element has few properties, so they sit in a few arrays
 * reused from element to element.
 */
class Winners {
  size = 0;
  private names: string[] = [];
  private ranks: number[] = [];
  private sources: number[] = [];
  private first: Declaration[] = [];
  private more: (Declaration[] | undefined)[] = [];
  private order: number[] = [];

  clear(): void {
    this.size = 0;
  }

  offer(declaration: Declaration, rank: number, source: number): void {
    let at = 0;
    while (at < this.size && this.names[at] !== declaration.name) at++;
    if (at === this.size) {
      this.names[at] = declaration.name;
      this.ranks[at] = rank;
      this.sources[at] = source;
      this.first[at] = declaration;
      this.more[at] = undefined;
      this.size += 1;
    } else if (this.ranks[at]! <= rank) {
      if (this.sources[at] === source) (this.more[at] ??= []).push(declaration);
      else {
        this.first[at] = declaration;
        this.more[at] = undefined;
      }
      this.ranks[at] = rank;
      this.sources[at] = source;
    }
  }

  private ids = new Map<Declaration, number>();
  /** Elements alike get the same style: its text is made once per document, found by a hash of its declarations. */
  private texts = new Map<number, { ids: number[]; text: string }[]>();
  private key: number[] = [];

  private idOf(declaration: Declaration): number {
    let id = this.ids.get(declaration);
    if (id === undefined) this.ids.set(declaration, (id = this.ids.size));
    return id;
  }

  /** The style attribute's text: each property's winner, in cascade order. */
  styleText(): string {
    const order = this.order;
    order.length = this.size;
    for (let i = 0; i < this.size; i++) order[i] = i;
    order.sort((a, b) => this.ranks[a]! - this.ranks[b]!);
    const key = this.key;
    key.length = 0;
    let hash = 0x811c9dc5;
    for (const i of order) {
      key.push(this.idOf(this.first[i]!));
      for (const fallback of this.more[i] ?? []) key.push(this.idOf(fallback));
    }
    for (const id of key) hash = Math.imul(hash ^ id, 0x01000193);
    const candidates = this.texts.get(hash);
    const known = candidates?.find((candidate) => candidate.ids.length === key.length && candidate.ids.every((id, i) => id === key[i]));
    if (known) return known.text;
    let text = "";
    for (const i of order) {
      text += declarationText(this.first[i]!, text === "");
      for (const fallback of this.more[i] ?? []) text += declarationText(fallback, false);
    }
    const entry = { ids: [...key], text };
    if (candidates) candidates.push(entry);
    else this.texts.set(hash, [entry]);
    return text;
  }
}

function declarationText(declaration: Declaration, first: boolean): string {
  return `${first ? "" : " "}${declaration.name}: ${declaration.value.includes('"') ? declaration.value.replace(/"/g, "'") : declaration.value};`;
}

function bucketFor(map: Map<string, Rule[]>, key: string): Rule[] {
  let bucket = map.get(key);
  if (!bucket) map.set(key, (bucket = []));
  return bucket;
}

const inlineSpecificity = 255 * 65_536 + 255 * 256 + 256;

/** One number that orders declarations as the cascade does. */
function rank(important: boolean, specificity: number, order: number): number {
  return ((important ? 1 : 0) * 2 ** 25 + specificity) * 2 ** 26 + Math.min(order, 2 ** 26 - 1);
}

/** The HTML with the styled start tags rewritten and the <style> blocks removed (what cannot be inlined stays in the first). */
function rewrite(html: string, document: Document, styled: Styled, kept: string[]): string {
  const { styles, tagStarts, tagEnds } = document;
  let out = "";
  let at = 0;
  let next = 0;
  const removeStylesBefore = (position: number) => {
    for (; next < styles.length && styles[next]!.start < position; next++) {
      const block = styles[next]!;
      if (block.start < at) continue;
      out += html.slice(at, block.start) + (next === 0 && kept.length > 0 ? `<style>${kept.join("\n")}</style>` : "");
      at = block.end;
    }
  };
  // Both lists are in document order.
  for (let i = 0; i < styled.elements.length; i++) {
    const element = styled.elements[i]!;
    const start = tagStarts[element]!;
    const end = tagEnds[element]!;
    removeStylesBefore(start);
    if (start < at) continue;
    if (attribute(document.table, element, "style") === undefined) {
      // The common case: a style attribute added before the tag's end, without building the tag.
      const close = html.charCodeAt(end - 1) === 0x2f ? end - 1 : end;
      out += html.slice(at, close) + (isSpace(html.charCodeAt(close - 1)) ? 'style="' : ' style="') + styled.styles[i]! + (close === end ? '"' : '" ');
      at = close;
    } else {
      out += html.slice(at, start) + withStyle(html.slice(start, end + 1), styled.styles[i]!);
      at = end + 1;
    }
  }
  removeStylesBefore(Number.POSITIVE_INFINITY);
  out += html.slice(at);
  return out;
}

/**
 * A start tag as written, with its first style attribute's value replaced (later ones dropped),
 * or a style attribute added before its end.
 */
export function withStyle(tag: string, style: string): string {
  const value = `style="${style}"`;
  let out = "";
  let from = 0;
  let placed = false;
  // Past the tag name, then attribute by attribute: name, and a value quoted or not.
  let i = 1;
  while (i < tag.length && !endsName(tag.charCodeAt(i))) i++;
  for (;;) {
    while (i < tag.length && (isSpace(tag.charCodeAt(i)) || tag.charCodeAt(i) === 0x2f)) i++;
    if (i >= tag.length || tag.charCodeAt(i) === 0x3e) break;
    const nameStart = i;
    while (i < tag.length && !endsName(tag.charCodeAt(i)) && tag.charCodeAt(i) !== 0x3d) i++;
    const isStyle = i - nameStart === 5 && tag.slice(nameStart, i).toLowerCase() === "style";
    let end = i;
    let j = i;
    while (j < tag.length && isSpace(tag.charCodeAt(j))) j++;
    if (tag.charCodeAt(j) === 0x3d) {
      j++;
      while (j < tag.length && isSpace(tag.charCodeAt(j))) j++;
      const quote = tag[j];
      if (quote === '"' || quote === "'") {
        const close = tag.indexOf(quote, j + 1);
        j = close < 0 ? tag.length - 1 : close + 1;
      } else {
        while (j < tag.length && !isSpace(tag.charCodeAt(j)) && tag.charCodeAt(j) !== 0x3e) j++;
      }
      end = j;
    }
    if (isStyle) {
      out += tag.slice(from, nameStart) + (placed ? "" : value);
      from = end;
      placed = true;
    }
    i = Math.max(end, i + 1);
  }
  if (placed) return out + tag.slice(from);
  const selfClosed = tag.endsWith("/>");
  const close = selfClosed ? tag.length - 2 : tag.length - 1;
  const space = isSpace(tag.charCodeAt(close - 1)) ? "" : " ";
  return `${tag.slice(0, close)}${space}${value}${selfClosed ? " " : ""}${tag.slice(close)}`;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

/** Whitespace, `/` or `>`: what ends a tag or attribute name. */
function endsName(code: number): boolean {
  return isSpace(code) || code === 0x2f || code === 0x3e;
}
