// The built index.html itself: Redoc inlined, telemetry off, no CDN logo, and a policy that keeps
// the browser on the page's own origin.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pageFile } from "../scripts/build.js";
import { inlineLogo, replaceFooterLogo } from "../scripts/footer-logo.js";

function builtPage() {
  if (!existsSync(pageFile)) throw new Error(`${pageFile} is missing: build the docs first (pnpm --filter @postmark-openapi/docs build).`);
  return readFileSync(pageFile, "utf8");
}

describe("dist/index.html", () => {
  const html = builtPage();

  it("inlines Redoc instead of loading it from a CDN", () => {
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+(modulepreload|stylesheet)/);
    expect(html).toContain("hydrate(__redoc_definition");
  });

  it("turns Redoc's telemetry off", () => {
    expect(html).toContain('"disableTelemetry":true');
  });

  it("carries the footer logo inline", () => {
    expect(html).not.toContain("cdn.redoc.ly");
    expect(html).toContain(inlineLogo);
  });

  it("restricts the page to its own origin", () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'self';/);
  });
});

describe("replaceFooterLogo", () => {
  it("fails loudly when Redoc no longer draws the logo from its CDN", () => {
    expect(() => replaceFooterLogo("<html></html>")).toThrow(/no longer contains https:\/\/cdn\.redoc\.ly/);
  });
});
