import type { ModelPath, RenderOptions, Template, TemplateError, TemplateNode } from "./types.js";
import { escapeHtml, isPlainObject, isTruthy, printValue } from "./values.js";

/**
 * A model that does not fit the template: `{{#each x}}` where x is a non-empty string, a number,
 * true or a non-empty object. Postmark's engine stops rendering with this message.
 */
export class TemplateRenderError extends Error {
  readonly error: TemplateError;

  constructor(error: TemplateError) {
    super(error.Message);
    this.name = "TemplateRenderError";
    this.error = error;
  }
}

/** One scope: a value, the scope it was reached from, and where it is in a loop, if it is an item. */
interface Scope {
  readonly value: unknown;
  readonly parent: Scope | undefined;
  readonly loop?: { readonly index: number; readonly count: number };
}

interface RenderContext {
  readonly html: boolean;
  /** What a layout's `{{{@content}}}` renders: the standard template's nodes. */
  content: readonly TemplateNode[] | undefined;
  out: string;
}

/**
 * Renders a parsed template with a model. `{{x}}` is HTML-escaped only when `options.html` is
 * true (HtmlBody); Subject and TextBody print values as they are. Throws TemplateRenderError when
 * an each block meets a value that is not a list.
 */
export function renderTemplate(template: Template, model: unknown, options: RenderOptions): string {
  const context: RenderContext = { html: options.html, content: undefined, out: "" };
  renderNodes(template.nodes, { value: model, parent: undefined }, context);
  return context.out;
}

/**
 * Renders a layout with a standard template inside it: the layout's `{{{@content}}}` renders the
 * standard template's content in the scope where the placeholder stands, so both share the model.
 */
export function renderWithLayout(
  layout: Template,
  content: Template,
  model: unknown,
  options: RenderOptions,
): string {
  const context: RenderContext = { html: options.html, content: content.nodes, out: "" };
  renderNodes(layout.nodes, { value: model, parent: undefined }, context);
  return context.out;
}

function renderNodes(nodes: readonly TemplateNode[], scope: Scope, context: RenderContext): void {
  for (const node of nodes) {
    switch (node.kind) {
      case "text":
        context.out += node.text;
        break;
      case "value": {
        const text = printValue(resolve(scope, node.path).value);
        context.out += node.escape && context.html ? escapeHtml(text) : text;
        break;
      }
      case "loopVariable": {
        const text = printLoopVariable(scope, node.name);
        context.out += node.escape && context.html ? escapeHtml(text) : text;
        break;
      }
      case "section": {
        const inner = resolve(scope, node.path);
        // Both kinds enter the value they test, so names inside an inverted section resolve
        // against the (empty) value; `../` reaches the enclosing scope.
        if (isTruthy(inner.value) !== node.inverted) renderNodes(node.children, inner, context);
        break;
      }
      case "each":
        renderEach(node, scope, context);
        break;
      case "content":
        if (context.content !== undefined) {
          // A placeholder inside the standard template itself renders nothing (no recursion).
          const content = context.content;
          context.content = undefined;
          renderNodes(content, scope, context);
          context.content = content;
        }
        break;
    }
  }
}

function renderEach(
  node: Extract<TemplateNode, { kind: "each" }>,
  scope: Scope,
  context: RenderContext,
): void {
  const list = resolve(scope, node.path);
  if (!isTruthy(list.value)) return;
  if (!Array.isArray(list.value)) {
    throw new TemplateRenderError({
      Message: `'${node.path.source}' is used like an array by the template, but is a scalar value or object in your model.`,
      Line: node.line,
      CharacterPosition: node.characterPosition,
    });
  }
  const items: readonly unknown[] = list.value;
  for (let index = 0; index < items.length; index++) {
    // An item's parent is the list itself: the first `../` inside the loop reaches the list.
    renderNodes(node.children, { value: items[index], parent: list, loop: { index, count: items.length } }, context);
  }
}

/**
 * Follows a path from a scope. Each name looks into the current value (objects only, no lookup in
 * outer scopes); `../` climbs one scope, and stays put at the root.
 */
function resolve(scope: Scope, path: ModelPath): Scope {
  let current = scope;
  for (const step of path.steps) {
    if (step.up) {
      current = current.parent ?? current;
    } else {
      const value = isPlainObject(current.value) && Object.hasOwn(current.value, step.key)
        ? current.value[step.key]
        : undefined;
      current = { value, parent: current };
    }
  }
  return current;
}

/** `@index` (from 0), `@first` and `@last` of the innermost loop; nothing outside a loop. */
function printLoopVariable(scope: Scope, name: "index" | "first" | "last"): string {
  for (let current: Scope | undefined = scope; current !== undefined; current = current.parent) {
    const loop = current.loop;
    if (loop === undefined) continue;
    if (name === "index") return String(loop.index);
    if (name === "first") return printValue(loop.index === 0);
    return printValue(loop.index === loop.count - 1);
  }
  return "";
}
