/** Types shared by the template engine's parts. */

/** One problem in a template, located the way Postmark's /templates/validate reports it (1-based). */
export interface TemplateError {
  Message: string;
  Line: number;
  CharacterPosition: number;
}

/** One step of a path: a property name, or `../` (climb one scope). */
export type PathStep = { readonly up: true } | { readonly up: false; readonly key: string };

/** A parsed model path such as `order.total`, `../name` or `.` (the current scope). */
export interface ModelPath {
  readonly source: string;
  readonly steps: readonly PathStep[];
}

/** Loop variables available inside `{{#each}}`. */
export type LoopVariable = "index" | "first" | "last";

export type TemplateNode =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "value"; readonly path: ModelPath; readonly escape: boolean }
  | { readonly kind: "loopVariable"; readonly name: LoopVariable; readonly escape: boolean }
  | {
      readonly kind: "section";
      readonly path: ModelPath;
      readonly inverted: boolean;
      readonly children: readonly TemplateNode[];
    }
  | {
      readonly kind: "each";
      readonly path: ModelPath;
      readonly children: readonly TemplateNode[];
      readonly line: number;
      readonly characterPosition: number;
    }
  | { readonly kind: "content" };

/** A template parsed once and rendered many times. */
export interface Template {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
}

export type ParseResult = { ok: true; template: Template } | { ok: false; errors: TemplateError[] };

export interface RenderOptions {
  /** HTML-escape `{{x}}` values: true for HtmlBody, false for Subject and TextBody. */
  html: boolean;
}
