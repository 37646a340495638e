// Finds the operation for a request path the way Postmark does: literal segments match without
// regard to case, and a trailing slash is ignored. `/deliveryStats/` finds `/deliverystats`.

/**
 * @param {import("./spec.js").Operation[]} operations
 */
export function createRouter(operations) {
  const templates = new Map();
  for (const operation of operations) {
    if (!templates.has(operation.path)) templates.set(operation.path, compile(operation.path));
    templates.get(operation.path).operations.set(operation.method, operation);
  }
  // A literal segment wins over a parameter at the same place:
  // /messages/outbound/clicks/{id} is tried before /messages/outbound/{id}/dump.
  const ordered = [...templates.values()].sort((a, b) => compareShapes(a.shape, b.shape));

  /**
   * @returns {{ operation: import("./spec.js").Operation, path: string } | { allowed: string[] } | undefined}
   *   the operation and the request path with its literal segments spelled as in the spec;
   *   `allowed` when the path exists but not with this method; undefined when nothing matches.
   */
  return function route(method, pathname) {
    const segments = splitPath(pathname);
    for (const template of ordered) {
      if (template.segments.length !== segments.length) continue;
      if (!template.segments.every((segment, i) => segment.param || segment.lower === segments[i].toLowerCase())) continue;
      const operation = template.operations.get(method);
      if (!operation) return { allowed: [...template.operations.keys()] };
      const path = "/" + template.segments.map((segment, i) => (segment.param ? segments[i] : segment.text)).join("/");
      return { operation, path };
    }
    return undefined;
  };
}

function splitPath(pathname) {
  return pathname.split("/").filter((segment) => segment !== "");
}

function compile(path) {
  const segments = splitPath(path).map((text) => ({ text, lower: text.toLowerCase(), param: /^\{.+\}$/.test(text) }));
  return { segments, shape: segments.map((segment) => (segment.param ? 1 : 0)), operations: new Map() };
}

function compareShapes(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
