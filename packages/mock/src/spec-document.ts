// The bundled spec as a module, for code that cannot read files (in-process handlers, browsers).
// Bundlers and Node both load a JSON module; the import attribute tells them it is data.
import document from "@postmark-openapi/spec/openapi.json" with { type: "json" };
import type { Spec } from "./front/operations.js";

export const specDocument = document as unknown as Spec;
