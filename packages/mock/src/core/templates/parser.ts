import { SourceLocator } from "./location.js";
import { invalidPathMessage, isValidPath, loopVariableOf, parsePath } from "./path.js";
import type { ParseResult, TemplateError, TemplateNode } from "./types.js";

/**
 * Parses a template the way Postmark's engine (Mustachio) reads it.
 *
 * A tag is "{{" + one or more characters that are not braces + "}}", or the same with three
 * braces. Anything else, including a lone "{{" or "{{}}", is plain text. Every problem is
 * collected (not only the first), then sorted by line and character, as Postmark lists them.
 */
export function parseTemplate(source: string): ParseResult {
  const parser = new TemplateParser(source);
  return parser.parse();
}

interface Tag {
  /** The whole tag, braces included. */
  readonly text: string;
  readonly offset: number;
}

interface OpenScope {
  /** For a section, its trimmed name; for an each block, the whole opening tag. */
  readonly key: string;
  readonly offset: number;
  readonly isEach: boolean;
  readonly children: TemplateNode[];
  /** Builds the finished node from its children, or undefined when the opening tag was invalid. */
  readonly close: ((children: TemplateNode[]) => TemplateNode) | undefined;
}

const EACH_CLOSE = "{{/each}}";

/**
 * Blocks nested deeper than this are an error. Postmark publishes no limit; rendering walks the
 * blocks recursively, and no email nests a hundred of them.
 */
export const maxNesting = 100;

class TemplateParser {
  private readonly errors: { error: TemplateError; order: number }[] = [];
  private readonly locator: SourceLocator;
  private readonly root: TemplateNode[] = [];
  private readonly scopes: OpenScope[] = [];

  constructor(private readonly source: string) {
    this.locator = new SourceLocator(source);
  }

  parse(): ParseResult {
    let textStart = 0;
    for (const tag of findTags(this.source)) {
      if (tag.offset > textStart) this.addText(this.source.slice(textStart, tag.offset));
      this.readTag(tag);
      textStart = tag.offset + tag.text.length;
    }
    if (textStart < this.source.length) this.addText(this.source.slice(textStart));
    this.reportUnclosedScopes();

    if (this.errors.length > 0) {
      const errors = this.errors
        .sort(
          (a, b) =>
            a.error.Line - b.error.Line ||
            a.error.CharacterPosition - b.error.CharacterPosition ||
            a.order - b.order,
        )
        .map((entry) => entry.error);
      return { ok: false, errors };
    }
    return { ok: true, template: { source: this.source, nodes: this.root } };
  }

  private readTag(tag: Tag): void {
    const { text } = tag;
    if (text.startsWith("{{#each")) this.openEach(tag);
    else if (text.startsWith("{{/each")) this.closeEach(tag);
    else if (text.startsWith("{{#")) this.openSection(tag, false);
    else if (text.startsWith("{{^")) this.openSection(tag, true);
    else if (text.startsWith("{{/")) this.closeSection(tag);
    else if (text.startsWith("{{{") || text.startsWith("{{&")) this.addValue(tag, false);
    else if (text.startsWith("{{!")) return; // a comment renders nothing
    else this.addValue(tag, true);
  }

  private openEach(tag: Tag): void {
    // "{{#each list}}": the path must follow "each" after a space.
    const afterKeyword = stripBraces(tag.text).replace(/^#+/, "").trim().slice(4);
    let close: OpenScope["close"];
    if (afterKeyword.startsWith(" ") && afterKeyword.trim() !== "") {
      const pathText = afterKeyword.trim();
      if (this.checkPath(pathText, tag)) {
        const path = parsePath(pathText);
        const at = this.locator.locate(tag.offset);
        close = (children) => ({
          kind: "each",
          path,
          children,
          line: at.line,
          characterPosition: at.characterPosition,
        });
      }
    } else {
      this.report(
        tag.offset,
        "The 'each' block being opened requires a model path to be specified in the form '{{#each <name>}}'.",
      );
    }
    this.checkNesting(tag);
    this.scopes.push({ key: tag.text, offset: tag.offset, isEach: true, children: [], close });
  }

  private closeEach(tag: Tag): void {
    if (tag.text !== EACH_CLOSE) {
      this.report(tag.offset, "The syntax to close the 'each' block should be: '{{/each}}'.");
      return;
    }
    const top = this.scopes.at(-1);
    if (top?.isEach) {
      this.finishScope();
    } else {
      this.report(
        tag.offset,
        "An 'each' block is being closed, but no corresponding opening element ('{{#each <name>}}') was detected.",
      );
    }
  }

  private openSection(tag: Tag, inverted: boolean): void {
    const name = stripBraces(tag.text).replace(inverted ? /^\^+/ : /^#+/, "").trim();
    // Opening a section whose name is the innermost open one closes it first: this is how
    // "{{#x}}…{{^x}}…{{/x}}" gives an "otherwise" branch.
    const top = this.scopes.at(-1);
    if (top !== undefined && !top.isEach && top.key === name) this.finishScope();
    const close: OpenScope["close"] = this.checkPath(name, tag)
      ? (children) => ({ kind: "section", path: parsePath(name), inverted, children })
      : undefined;
    this.checkNesting(tag);
    this.scopes.push({ key: name, offset: tag.offset, isEach: false, children: [], close });
  }

  private checkNesting(tag: Tag): void {
    if (this.scopes.length === maxNesting) this.report(tag.offset, `Blocks are nested more than ${maxNesting} deep here; the local Postmark renders at most ${maxNesting} levels.`);
  }

  private closeSection(tag: Tag): void {
    const name = stripBraces(tag.text).replace(/^\/+/, "").trim();
    const top = this.scopes.at(-1);
    if (top !== undefined && top.key === name) {
      this.checkPath(name, tag);
      this.finishScope();
    } else {
      this.report(tag.offset, "It appears that open and closing elements are mismatched.");
    }
  }

  private addValue(tag: Tag, escape: boolean): void {
    const name = escape
      ? stripBraces(tag.text).trim()
      : stripBraces(tag.text).replace(/^&+/, "").trim();
    if (!escape && name === "@content") {
      this.current().push({ kind: "content" });
      return;
    }
    const loopVariable = loopVariableOf(name);
    if (loopVariable !== undefined) {
      this.current().push({ kind: "loopVariable", name: loopVariable, escape });
      return;
    }
    if (this.checkPath(name, tag)) this.current().push({ kind: "value", path: parsePath(name), escape });
  }

  private addText(text: string): void {
    this.current().push({ kind: "text", text });
  }

  private current(): TemplateNode[] {
    return this.scopes.at(-1)?.children ?? this.root;
  }

  private finishScope(): void {
    const scope = this.scopes.pop();
    if (scope?.close !== undefined) this.current().push(scope.close(scope.children));
  }

  private checkPath(path: string, tag: Tag): boolean {
    if (isValidPath(path)) return true;
    this.report(tag.offset, invalidPathMessage(path));
    return false;
  }

  private reportUnclosedScopes(): void {
    for (const scope of this.scopes) {
      let name = scope.key.replace(/^[{#}]+|[{#}]+$/g, "");
      if (name.startsWith("each ")) name = name.slice(5);
      this.report(
        scope.offset,
        `A scope block to the following path was opened but not closed: '${name}', please close it using the appropriate syntax.`,
      );
    }
  }

  private report(offset: number, message: string): void {
    const at = this.locator.locate(offset);
    this.errors.push({
      error: { Message: message, Line: at.line, CharacterPosition: at.characterPosition },
      order: this.errors.length,
    });
  }
}

/** Removes the opening and closing braces of a tag. */
function stripBraces(tag: string): string {
  return tag.replace(/^\{+/, "").replace(/\}+$/, "");
}

/** Finds tags left to right, trying the two-brace form before the three-brace form at each "{{". */
function* findTags(source: string): Generator<Tag> {
  let from = 0;
  for (;;) {
    const at = source.indexOf("{{", from);
    if (at === -1) return;
    const length = tagLengthAt(source, at + 2, 2) ?? (source[at + 2] === "{" ? tagLengthAt(source, at + 3, 3) : undefined);
    if (length === undefined) {
      from = at + 1;
      continue;
    }
    yield { text: source.slice(at, at + length), offset: at };
    from = at + length;
  }
}

/**
 * With the opening braces ending just before `inner`, the length of the whole tag if one or
 * more non-brace characters follow and then `braces` closing braces.
 */
function tagLengthAt(source: string, inner: number, braces: 2 | 3): number | undefined {
  let end = inner;
  while (end < source.length) {
    const char = source.charCodeAt(end);
    if (char === 0x7b || char === 0x7d) break;
    end++;
  }
  if (end === inner) return undefined;
  for (let i = 0; i < braces; i++) {
    if (source.charCodeAt(end + i) !== 0x7d) return undefined;
  }
  return end + braces - (inner - braces);
}
