import { describe, expect, it } from "vitest";
import { withInfoVersion } from "./spec-version.js";

const spec = `openapi: 3.1.0
info:
  title: Postmark API
  version: 1.0.0
  description: |
    Text that mentions
    version: 9.9.9 inside a block.
  contact:
    version: not-this-one
servers:
  - url: https://api.postmarkapp.com
`;

describe("withInfoVersion", () => {
  it("rewrites only info.version and keeps every other line", () => {
    const result = withInfoVersion(spec, "1.2.0");
    expect(result).toBe(spec.replace("  version: 1.0.0", "  version: 1.2.0"));
  });

  it("refuses a document without an info block or an info version", () => {
    expect(() => withInfoVersion("openapi: 3.1.0\n", "1.0.0")).toThrow(/no top-level info/);
    expect(() => withInfoVersion("info:\n  title: x\npaths: {}\n", "1.0.0")).toThrow(/no version/);
  });
});
