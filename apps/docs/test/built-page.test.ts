// The built pages themselves: the two Redoc pages inline Redoc, turn telemetry off, carry no CDN
// logo and keep the browser on their own origin; each links the other pages of the site.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { distDir, guidePageFile, mockApiPageFile, pageFile } from "../scripts/build.js";
import { inlineLogo, replaceFooterLogo } from "../scripts/footer-logo.js";
import { sitePages } from "../scripts/site-pages.js";
import { listOperations } from "../scripts/spec.js";
import { loadMockApiSpec } from "../scripts/decorate-mock-api.js";

function builtPage(file: string) {
  if (!existsSync(file)) throw new Error(`${file} is missing: build the docs first (pnpm --filter @postmark-openapi/docs build).`);
  return readFileSync(file, "utf8");
}

const redocPages = [
  ["index.html", pageFile, ["mock-api.html", "testing.html"]],
  ["mock-api.html", mockApiPageFile, ["index.html", "testing.html"]],
] as const;

describe.each(redocPages)("dist/%s", (_, file, links) => {
  const html = builtPage(file);

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

  it("has a description of its own", () => {
    expect(html).toMatch(/<meta name="description" content="[^"]{40,}">/);
  });

  it.each(links)("links %s", (target) => {
    expect(html).toContain(`href="${target}"`);
  });
});

describe("dist/mock-api.html", () => {
  const html = builtPage(mockApiPageFile);

  it("shows every operation of the local Postmark API document", () => {
    const operations = listOperations(loadMockApiSpec());
    expect(operations.length).toBeGreaterThan(10);
    for (const { operation } of operations) {
      expect(html, operation.operationId).toContain(`"operationId":"${operation.operationId}"`);
      expect(html, operation.operationId).toContain(operation.summary ?? "(no summary)");
    }
  });
});

describe("dist/testing.html", () => {
  const html = builtPage(guidePageFile);

  it("is the guide, linking the two reference pages", () => {
    expect(html).toContain(`<title>${sitePages.guide.title}</title>`);
    for (const target of [sitePages.reference.file, sitePages.mockApi.file]) expect(html).toContain(`href="${target}"`);
  });

  it("runs no script and loads only its own images", () => {
    expect(html).not.toMatch(/<script/i);
    const sources = [...html.matchAll(/\s(?:src|srcset)="([^"]*)"/gi)].map((match) => match[1] ?? "");
    expect(sources).toEqual(["inbox.png"]);
    for (const source of sources) expect(existsSync(join(distDir, source)), source).toBe(true);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });
});

describe("links between the pages", () => {
  const pages = Object.values(sitePages).map(({ file }) => ({ file, html: builtPage(join(distDir, file)) }));
  const guideIds = new Set([...builtPage(guidePageFile).matchAll(/ id="([^"]+)"/g)].map((match) => match[1]));

  it.each(pages.map((page) => [page.file, page.html]))("%s links only pages and guide sections that exist", (page, html) => {
    const links = [...html.matchAll(/href="((?:[\w-]+\.html)?(?:#[^"/]*)?)"/g)].map((match) => match[1] ?? "").filter((link) => link !== "" && link !== "#");
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const [file = "", fragment] = link.split("#");
      if (file) expect(existsSync(join(distDir, file)), link).toBe(true);
      // The Redoc pages route their own fragments; the guide's sections are plain ids.
      if (fragment && (file || page) === sitePages.guide.file) expect(guideIds.has(fragment), link).toBe(true);
    }
  });
});

describe("replaceFooterLogo", () => {
  it("fails loudly when Redoc no longer draws the logo from its CDN", () => {
    expect(() => replaceFooterLogo("<html></html>")).toThrow(/no longer contains https:\/\/cdn\.redoc\.ly/);
  });
});
