// The local Postmark API page and the guide in Chromium, the guide reached by its link:
// every operation of the mock's API is listed and shows its curl sample, the guide renders with
// its table of contents, and no request leaves the machine.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDir, guidePageFile, mockApiPageFile } from "../scripts/build.js";
import { guideSourceFile, renderGuide } from "../scripts/guide.js";
import { startDocsServer } from "../scripts/serve.js";
import { sitePages } from "../scripts/site-pages.js";
import { listOperations } from "../scripts/spec.js";
import { expectLinkToServedPage, navOperationLinks, openWatchedBrowser } from "./browser-support.js";
import { loadDocsMockApi } from "./built-docs.js";

const resultsDir = join(appDir, "test-results");
const mockApiOperations = listOperations(loadDocsMockApi()).map(({ operation }) => operation);

let docs: { server: Server; url: string } | undefined;
let browser: Browser | undefined;
let page: Page;
let outsideRequests: string[] = [];
let consoleErrors: string[] = [];

beforeAll(async () => {
  for (const file of [mockApiPageFile, guidePageFile]) if (!existsSync(file)) throw new Error(`${file} is missing: build the docs first (pnpm --filter @postmark-openapi/docs build).`);
  mkdirSync(resultsDir, { recursive: true });
  docs = await startDocsServer({ host: "127.0.0.1", port: 0 });
  ({ browser, page, outsideRequests, consoleErrors } = await openWatchedBrowser());
});

afterAll(async () => {
  await browser?.close();
  const server = docs?.server;
  if (server) await new Promise((resolve) => server.close(resolve));
});

const pageUrl = (file: string): string => new URL(file, docs?.url).href;

/** Follows the first link with this text and waits for the page it leads to. */
async function follow(text: string, file: string): Promise<void> {
  await page.getByRole("link", { name: text, exact: true }).first().click();
  await page.waitForURL((url) => url.pathname.endsWith(`/${file}`));
  await page.waitForLoadState("load");
}

describe("the local Postmark API page and the guide in Chromium", () => {
  // The navigation's links, read once (opening every group takes seconds of the browser's time).
  let hrefs = new Map<string | undefined, string>();

  // The reference page's link here is checked by browser.test.ts, which has that page open: drawing
  // it again to follow the link would cost seconds of Chromium's time.
  it("opens the local Postmark API page", async () => {
    await page.goto(pageUrl(sitePages.mockApi.file), { waitUntil: "load" });
    await expect.poll(() => page.locator("h1").first().textContent()).toContain("Local Postmark control API");
    expect(await page.title()).toBe("Local Postmark control API");
  });

  it("lists every operation of the local Postmark API in the navigation", async () => {
    hrefs = await navOperationLinks(page);
    expect([...hrefs.keys()].sort()).toEqual(mockApiOperations.map((operation) => operation.operationId.toLowerCase()).sort());
  });

  it("shows an operation with its curl and TypeScript samples", async () => {
    await page.goto(new URL(hrefs.get("simulatemessageevent") ?? "", pageUrl(sitePages.mockApi.file)).href);
    await page.locator("h2").filter({ hasText: /^Make an event happen/ }).first().waitFor({ state: "visible" });
    const panel = page.locator(".panel-request-samples").filter({ hasText: "/events" }).first();
    await expect.poll(() => panel.innerText()).toContain('curl -X POST "http://127.0.0.1:4010/__mock/api/messages/$MESSAGE_ID/events"');
    await page.screenshot({ path: join(resultsDir, "docs-mock-api.png") });

    await panel.getByRole("button", { name: "curl" }).click();
    await page.getByRole("menuitem").first().waitFor({ state: "visible" });
    expect(await page.getByRole("menuitem").allInnerTexts()).toEqual(["curl", "TypeScript"]);
    await page.getByRole("menuitem", { name: "TypeScript" }).click();
    await expect.poll(() => panel.innerText()).toContain('await mockApi.POST("/messages/{messageId}/events"');
  });

  it("reaches the guide from the local Postmark API page, and renders it with its contents", async () => {
    // The test before leaves the page there; loading Redoc again would cost seconds of Chromium's time.
    if (!new URL(page.url()).pathname.endsWith(`/${sitePages.mockApi.file}`)) await page.goto(pageUrl(sitePages.mockApi.file), { waitUntil: "load" });
    await follow(sitePages.guide.title, sitePages.guide.file);
    expect(await page.title()).toBe(sitePages.guide.title);
    const { sections } = renderGuide(readFileSync(guideSourceFile, "utf8"));
    expect(await page.locator(".toc a").allInnerTexts()).toEqual(sections.map((section) => section.title));
    for (const { id } of sections) expect(await page.locator(`h2#${id}`).isVisible(), id).toBe(true);
    // The inbox screenshot, served next to the page.
    await expect.poll(() => page.locator('img[src="inbox.png"]').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: join(resultsDir, "docs-guide.png"), fullPage: true });
  });

  // Only where each link leads: the tests above draw both Redoc pages already.
  it.each([
    [sitePages.reference.title, sitePages.reference.file, "Postmark API"],
    [sitePages.mockApi.title, sitePages.mockApi.file, "Local Postmark control API"],
  ])("links from the guide to %s, which the site serves", async (title, file, documentTitle) => {
    await page.goto(pageUrl(sitePages.guide.file), { waitUntil: "load" });
    await expectLinkToServedPage(page, title, file, documentTitle);
  });

  it("made no request outside localhost and logged no console error", () => {
    expect(outsideRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
