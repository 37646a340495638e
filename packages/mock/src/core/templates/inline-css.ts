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
import { attribute, BudgetExceeded, compileSelector, type Budget, type CompiledSelector, type MatchElement } from "./css-selectors.js";

/** Matching steps one document may take (about a quarter of a second here). */
export const maxSteps = 5_000_000;
/** Nesting beyond this is no email: the HTML is returned as written. */
export const maxDepth = 256;

/** Elements that are never styled (as other inliners skip them). */
const nonVisual = new Set(["head", "title", "base", "link", "style", "meta", "script", "noscript"]);

interface Element extends MatchElement {
  /** the start tag's first and last character in the source */
  tagStart: number;
  tagEnd: number;
  /** its children, to count siblings once it closes, and how many of each name (made when the first child comes) */
  children: Element[] | undefined;
  childNames: Map<string, number> | undefined;
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

export function inlineCss(html: string): string {
  if (!/<style[\s>]/i.test(html)) return html;
  let document: { elements: Element[]; styles: StyleBlock[] };
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

  let styled: Map<Element, string>;
  try {
    styled = applyRules(document.elements, rules, { steps: 0, max: maxSteps });
  } catch (error) {
    if (error instanceof BudgetExceeded) return html;
    throw error;
  }
  return rewrite(html, document, styled, kept);
}

/** Reads the elements and <style> blocks of the HTML in one pass. */
function readDocument(html: string): { elements: Element[]; styles: StyleBlock[] } {
  const elements: Element[] = [];
  const styles: StyleBlock[] = [];
  const roots: Element[] = [];
  const rootNames = new Map<string, number>();
  const open: Element[] = [];
  let style: { start: number; css: string; embedded: boolean } | undefined;

  const parser = new Parser(
    {
      onopentag(name, attributes, implied) {
        if (open.length >= maxDepth) throw new DocumentTooComplex();
        const parent = open[open.length - 1];
        const siblings = parent ? (parent.children ??= []) : roots;
        const previous = siblings[siblings.length - 1];
        const counts = parent ? (parent.childNames ??= new Map()) : rootNames;
        const typePosition = (counts.get(name) ?? 0) + 1;
        counts.set(name, typePosition);
        const classList = attributes["class"];
        const element: Element = {
          index: elements.length,
          name,
          attributes,
          classes: classList === undefined ? noClasses : classesOf(classList),
          parent,
          previous,
          position: siblings.length + 1,
          typePosition,
          siblings: 0,
          typeSiblings: 0,
          empty: true,
          tagStart: implied ? -1 : parser.startIndex,
          tagEnd: implied ? -1 : parser.endIndex,
          children: undefined,
          childNames: undefined,
        };
        if (parent) parent.empty = false;
        siblings.push(element);
        elements.push(element);
        open.push(element);
        if (name === "style" && !implied) style = { start: parser.startIndex, css: "", embedded: attributes["data-embed"] !== undefined };
      },
      ontext(text) {
        if (style) style.css += text;
        const parent = open[open.length - 1];
        if (parent && text !== "") parent.empty = false;
      },
      onclosetag(name) {
        const element = open.pop();
        if (element?.children) countSiblings(element.children, element.childNames!);
        if (name === "style" && style) {
          if (!style.embedded) styles.push({ start: style.start, end: parser.endIndex + 1, css: style.css });
          style = undefined;
        }
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  countSiblings(roots, rootNames);
  return { elements, styles };
}

const noClasses: readonly string[] = [];

function classesOf(list: string): readonly string[] {
  const names = list.split(/[ \t\n\f\r]+/).filter((name) => name !== "");
  return names.length <= 1 ? names : [...new Set(names)];
}

/** Once a parent closes, its children know how many siblings they have, of each name too. */
function countSiblings(children: Element[], ofName: Map<string, number>): void {
  for (const child of children) {
    child.siblings = children.length;
    child.typeSiblings = ofName.get(child.name)!;
  }
}

/** Runs the cascade: each element that rules match, with the style attribute it gets. */
function applyRules(elements: Element[], rules: Rule[], budget: Budget): Map<Element, string> {
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
  const eachBucket = (element: Element, visit: (bucket: Rule[]) => void) => {
    const id = attribute(element, "id");
    const ofId = id === undefined ? undefined : byId.get(id);
    if (ofId) visit(ofId);
    for (const name of element.classes) {
      const ofClass = byClass.get(name);
      if (ofClass) visit(ofClass);
    }
    const ofType = byType.get(element.name);
    if (ofType) visit(ofType);
    if (anyElement.length > 0) visit(anyElement);
  };
  // When those pairs alone exceed the budget, nothing is matched at all.
  let pairs = 0;
  const count = (bucket: Rule[]) => void (pairs += bucket.length);
  for (const element of elements) {
    if (nonVisual.has(element.name) || element.tagStart < 0) continue;
    eachBucket(element, count);
    if (pairs > budget.max) throw new BudgetExceeded();
  }

  const styled = new Map<Element, string>();
  let source = 0;
  let winners: Winner[] = [];
  let current!: Element;
  const tryBucket = (bucket: Rule[]) => {
    for (const rule of bucket) {
      if (!rule.selector.matches(current, budget)) continue;
      source += 1;
      // Declarations cost like steps: a rule with many of them matching everywhere adds up.
      budget.steps += rule.declarations.length;
      const { declarations, order } = rule;
      for (let i = 0; i < declarations.length; i++) offer(winners, declarations[i]!, rank(declarations[i]!.important, rule.selector.specificity, order + i), source);
    }
  };
  for (const element of elements) {
    if (nonVisual.has(element.name) || element.tagStart < 0) continue;
    current = element;
    eachBucket(element, tryBucket);
    if (winners.length === 0) continue;
    // The element's own style: above every rule, below their !important declarations.
    source += 1;
    const own = readDeclarations(attribute(element, "style") ?? "");
    for (let i = 0; i < own.length; i++) offer(winners, own[i]!, rank(own[i]!.important, inlineSpecificity, i), source);
    styled.set(element, styleText(winners));
    winners = [];
  }
  return styled;
}

/** The winning declaration of one property, with the fallbacks its rule repeats (`color: red; color: rgba(…)`). */
interface Winner {
  name: string;
  declarations: Declaration[];
  /** the rank of the last of them */
  rank: number;
  source: number;
}

/** An element has few properties: a list is quicker than a map here. */
function offer(winners: Winner[], declaration: Declaration, rank: number, source: number): void {
  const current = winners.find((winner) => winner.name === declaration.name);
  if (!current) {
    winners.push({ name: declaration.name, declarations: [declaration], rank, source });
  } else if (current.rank <= rank) {
    if (current.source === source) current.declarations.push(declaration);
    else current.declarations = [declaration];
    current.rank = rank;
    current.source = source;
  }
}

/** The declarations of an element, each property's winner in cascade order. */
function styleText(winners: Winner[]): string {
  winners.sort((a, b) => a.rank - b.rank);
  let text = "";
  for (const winner of winners) for (const declaration of winner.declarations) text += `${text === "" ? "" : " "}${declaration.name}: ${declaration.value.replace(/"/g, "'")};`;
  return text;
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
function rewrite(html: string, document: { styles: StyleBlock[] }, styled: Map<Element, string>, kept: string[]): string {
  const parts: string[] = [];
  let at = 0;
  const styles = document.styles;
  let next = 0;
  const removeStylesBefore = (position: number) => {
    for (; next < styles.length && styles[next]!.start < position; next++) {
      const block = styles[next]!;
      if (block.start < at) continue;
      parts.push(html.slice(at, block.start), next === 0 && kept.length > 0 ? `<style>${kept.join("\n")}</style>` : "");
      at = block.end;
    }
  };
  // Both lists are in document order.
  for (const [element, style] of styled) {
    removeStylesBefore(element.tagStart);
    if (element.tagStart < at) continue;
    parts.push(html.slice(at, element.tagStart), withStyle(html.slice(element.tagStart, element.tagEnd + 1), style));
    at = element.tagEnd + 1;
  }
  removeStylesBefore(Number.POSITIVE_INFINITY);
  parts.push(html.slice(at));
  return parts.join("");
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
