// Work derived from a served spec document, done once per document object: a document is never
// changed once loaded (spec.ts shares one per file), so what is compiled or indexed from it holds.
import type { Spec } from "./operations.js";

/** `derive`, computed once for each document it is asked about and kept while the document lives. */
export function oncePerDocument<T>(derive: (spec: Spec) => T): (spec: Spec) => T {
  const derived = new WeakMap<Spec, T>();
  return (spec) => {
    if (derived.has(spec)) return derived.get(spec) as T;
    const value = derive(spec);
    derived.set(spec, value);
    return value;
  };
}
