// Prism's generator does not honour every keyword of the spec: it adds properties to closed
// objects, writes more map entries than `maxProperties` allows and fills `format: uri` with words.
// A generated answer is checked against the closed schema and its faults mended in place; what
// cannot be mended makes the caller generate again.
import type { ErrorObject } from "ajv/dist/2020.js";

type Container = Record<string, unknown> | unknown[];

/** A stand-in value for a string format the generator got wrong. */
const formatExamples: Record<string, string> = {
  uri: "https://example.com/postmark",
  url: "https://example.com/postmark",
  email: "someone@example.com",
  "date-time": "2026-11-24T14:05:31.1234567-05:00",
  date: "2026-11-24",
  uuid: "0a129aee-e1cd-480d-b08d-4f48548ff48d",
};

/** Mends what it can of `errors` in `body`; returns whether it changed anything. */
export function repairAnswer(body: unknown, errors: ErrorObject[]): boolean {
  let changed = false;
  for (const error of errors) {
    const segments = error.instancePath.split("/").slice(1).map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
    const target = locate(body, segments);
    const params = error.params as Record<string, unknown>;
    if (error.keyword === "additionalProperties" || error.keyword === "unevaluatedProperties") {
      const name = (params["additionalProperty"] ?? params["unevaluatedProperty"]) as string | undefined;
      if (isObject(target) && name !== undefined && name in target) {
        delete target[name];
        changed = true;
      }
    } else if (error.keyword === "maxProperties" && isObject(target)) {
      const limit = Number(params["limit"]);
      for (const name of Object.keys(target).slice(limit)) delete target[name];
      changed = true;
    } else if (error.keyword === "maxItems" && Array.isArray(target)) {
      target.length = Number(params["limit"]);
      changed = true;
    } else if (error.keyword === "format" && typeof params["format"] === "string" && formatExamples[params["format"]]) {
      changed = replaceAt(body, segments, formatExamples[params["format"]]) || changed;
    } else if (error.keyword === "maxLength") {
      const value = locate(body, segments);
      if (typeof value === "string") changed = replaceAt(body, segments, value.slice(0, Number(params["limit"]))) || changed;
    }
  }
  return changed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

function locate(root: unknown, segments: string[]): unknown {
  return segments.reduce<unknown>((node, segment) => (node && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined), root);
}

function replaceAt(root: unknown, segments: string[], value: unknown): boolean {
  if (segments.length === 0) return false;
  const parent = locate(root, segments.slice(0, -1)) as Container | undefined;
  if (!parent || typeof parent !== "object") return false;
  (parent as Record<string, unknown>)[segments.at(-1)!] = value;
  return true;
}
