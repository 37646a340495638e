// Finds the operation for a request path the way Postmark does: literal segments match without
// regard to case, and a trailing slash is ignored. `/deliveryStats/` finds `/deliverystats`.
import type { Operation } from "./operations.js";

export type RouteMatch =
  /** the operation, the request path with its literal segments spelled as in the spec, and the path parameters */
  | { operation: Operation; path: string; pathParams: Record<string, string> }
  /** the path exists, but not with this method */
  | { allowed: string[] };

interface Segment {
  text: string;
  lower: string;
  param: string | undefined;
}

interface Template {
  segments: Segment[];
  shape: number[];
  operations: Map<string, Operation>;
}

/**
 * `emptySegments: "refuse"` finds no operation for a path with an empty segment inside it
 * (`/a//b`); by default empty segments are skipped, as Postmark skips them.
 */
export function createRouter(operations: Operation[], options: { emptySegments?: "skip" | "refuse" } = {}): (method: string, pathname: string) => RouteMatch | undefined {
  const templates = new Map<string, Template>();
  for (const operation of operations) {
    let template = templates.get(operation.path);
    if (!template) templates.set(operation.path, (template = compile(operation.path)));
    template.operations.set(operation.method, operation);
  }
  // A literal segment wins over a parameter at the same place:
  // /messages/outbound/clicks/{id} is tried before /messages/outbound/{id}/dump.
  const ordered = [...templates.values()].sort((a, b) => compareShapes(a.shape, b.shape));

  return function route(method, pathname) {
    if (options.emptySegments === "refuse" && /\/\/./.test(pathname)) return undefined;
    const segments = splitPath(pathname);
    for (const template of ordered) {
      if (template.segments.length !== segments.length) continue;
      if (!template.segments.every((segment, i) => segment.param || segment.lower === segments[i]!.toLowerCase())) continue;
      const operation = template.operations.get(method);
      if (!operation) return { allowed: [...template.operations.keys()] };
      const pathParams: Record<string, string> = {};
      template.segments.forEach((segment, i) => {
        if (segment.param) pathParams[segment.param] = segments[i]!;
      });
      const path = "/" + template.segments.map((segment, i) => (segment.param ? segments[i] : segment.text)).join("/");
      return { operation, path, pathParams };
    }
    return undefined;
  };
}

function splitPath(pathname: string): string[] {
  return pathname.split("/").filter((segment) => segment !== "");
}

function compile(path: string): Template {
  const segments = splitPath(path).map((text) => ({ text, lower: text.toLowerCase(), param: /^\{(.+)\}$/.exec(text)?.[1] }));
  return { segments, shape: segments.map((segment) => (segment.param ? 1 : 0)), operations: new Map() };
}

function compareShapes(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
