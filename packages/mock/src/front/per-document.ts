// Work derived from a served spec document, done once per document object: a document is never
// changed once loaded (spec.ts shares one per file), so what is compiled or indexed from it holds.
import { oncePerObject } from "@postmark-openapi/spec/reader";
import type { Spec } from "./operations.js";

/** `derive`, computed once for each document it is asked about and kept while the document lives. */
export const oncePerDocument = <T>(derive: (spec: Spec) => T): ((spec: Spec) => T) => oncePerObject(derive);
