import { setOwn } from "../../protocol/own-key.js";
import type { ModelPath, Template, TemplateNode } from "./types.js";

/**
 * Infers the model a set of templates needs: the SuggestedTemplateModel of /templates/validate.
 * Every path the templates use is recorded with how it is used:
 * - only printed: the string "<name>_Value" (name = the path's last step);
 * - looped over with each: a list; with one object of the fields used inside when there are
 *   any, otherwise three sample strings "<name>_1", "<name>_2", "<name>_3";
 * - tested by a section, or only a step on the way to other names: an object of what is used
 *   inside it (possibly empty).
 * Paths resolve the way the template reads them: inside a block, names belong to that block's
 * value, and `../` climbs to the enclosing one (staying at the top when there is none).
 */
export function suggestTemplateModel(templates: readonly Template[]): Record<string, unknown> {
  const root = new ModelNode("", undefined);
  for (const template of templates) record(template.nodes, root);
  return root.childrenObject();
}

type Usage = "scalar" | "conditional" | "collection";

class ModelNode {
  readonly usages = new Set<Usage>();
  private readonly children = new Map<string, ModelNode>();

  constructor(
    readonly key: string,
    readonly parent: ModelNode | undefined,
  ) {}

  child(key: string): ModelNode {
    let node = this.children.get(key);
    if (node === undefined) {
      node = new ModelNode(key, this);
      this.children.set(key, node);
    }
    return node;
  }

  childrenObject(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const [key, node] of this.children) setOwn(object, key, node.representation());
    return object;
  }

  representation(): unknown {
    if (this.usages.size === 1 && this.usages.has("scalar")) return `${this.key}_Value`;
    if (this.usages.has("collection")) {
      return this.children.size > 0
        ? [this.childrenObject()]
        : [1, 2, 3].map((n) => `${this.key}_${n}`);
    }
    return this.childrenObject();
  }
}

function record(nodes: readonly TemplateNode[], scope: ModelNode): void {
  for (const node of nodes) {
    switch (node.kind) {
      case "value":
        follow(scope, node.path).usages.add("scalar");
        break;
      case "section": {
        const inner = follow(scope, node.path);
        inner.usages.add("conditional");
        record(node.children, inner);
        break;
      }
      case "each": {
        const inner = follow(scope, node.path);
        inner.usages.add("collection");
        record(node.children, inner);
        break;
      }
      default:
        break; // text, loop variables and the layout placeholder need nothing from the model
    }
  }
}

function follow(scope: ModelNode, path: ModelPath): ModelNode {
  let current = scope;
  for (const step of path.steps) {
    current = step.up ? (current.parent ?? current) : current.child(step.key);
  }
  return current;
}
