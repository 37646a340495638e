// Loads the bundled spec the mock serves (by default the one of @postmark-openapi/spec).
import { bundledSpecPath, loadBundledSpec } from "@postmark-openapi/spec/tools";
import type { Spec } from "./front/operations.js";

export const defaultSpecPath = bundledSpecPath;

export function loadSpec(specPath: string = defaultSpecPath): Spec {
  return loadBundledSpec(specPath) as Spec;
}
