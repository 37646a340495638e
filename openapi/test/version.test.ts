// The package's version and the description's info.version are one number, so a user can tell
// from either which Postmark API description they installed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBundledSpec, specDir } from "./load-spec.js";

const manifest = JSON.parse(readFileSync(join(specDir, "package.json"), "utf8")) as { version: string };

describe("version", () => {
  it("info.version of the bundle equals the package version", () => {
    const info = loadBundledSpec()["info"] as { version: string };
    expect(info.version).toBe(manifest.version);
  });

  it("is plain semver, without a pre-release or build tag", () => {
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
