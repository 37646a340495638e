/** Postmark's template language: parse once, render many times, suggest a model, inline CSS. */
export { parseTemplate } from "./parser.js";
export { renderTemplate, renderWithLayout, TemplateRenderError } from "./render.js";
export {
  checkLayoutPlaceholders,
  countContentPlaceholders,
  LAYOUT_PLACEHOLDER_ERROR_CODE,
  type LayoutParts,
} from "./layout.js";
export { suggestTemplateModel } from "./suggest.js";
export { inlineCss } from "./inline-css.js";
export { escapeHtml } from "./values.js";
export type { ParseResult, RenderOptions, Template, TemplateError } from "./types.js";
