import type { Template, TemplateNode } from "./types.js";

/** Postmark's ErrorCode when a layout does not hold its content placeholder exactly once. */
export const LAYOUT_PLACEHOLDER_ERROR_CODE = 1131;

/** How many `{{{@content}}}` placeholders a template holds, inside blocks included. */
export function countContentPlaceholders(template: Template): number {
  return countIn(template.nodes);
}

function countIn(nodes: readonly TemplateNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (node.kind === "content") count++;
    else if (node.kind === "section" || node.kind === "each") count += countIn(node.children);
  }
  return count;
}

export interface LayoutParts {
  HtmlBody?: Template | null | undefined;
  TextBody?: Template | null | undefined;
}

/**
 * Checks that each body a Layout template has holds the content placeholder exactly once.
 * Answers null when it does, or Postmark's error (ErrorCode 1131) naming the first body that does not.
 */
export function checkLayoutPlaceholders(
  parts: LayoutParts,
): { ErrorCode: typeof LAYOUT_PLACEHOLDER_ERROR_CODE; Message: string } | null {
  for (const field of ["HtmlBody", "TextBody"] as const) {
    const template = parts[field];
    if (template === null || template === undefined) continue;
    const count = countContentPlaceholders(template);
    if (count !== 1) {
      return {
        ErrorCode: LAYOUT_PLACEHOLDER_ERROR_CODE,
        // Postmark's words open the message (postmark.js's integration tests check them); the rest says where.
        Message: `The layout content placeholder must be present exactly once: the layout's ${field} contains {{{@content}}} ${count} times.`,
      };
    }
  }
  return null;
}
