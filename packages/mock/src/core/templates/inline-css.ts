import juice from "juice/client.js";

/**
 * Moves the rules of an HTML body's <style> blocks onto the elements they match, as Postmark does
 * for templated sends (InlineCss, default true) and test renders (InlineCssForHtmlTestRender).
 * Uses juice's client build, which needs no Node built-ins. HTML without a <style> block is
 * returned untouched rather than re-serialised.
 */
export function inlineCss(html: string): string {
  if (!/<style[\s>]/i.test(html)) return html;
  return juice(html);
}
