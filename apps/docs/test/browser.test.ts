// The built page in a real browser (headless Chromium from @postmark-openapi/browser-testing), served by the
// app's own server: it renders, lists and shows every operation, finds one by name, shows both
// code samples, and never reaches past localhost or logs an error.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDir, pageFile } from "../scripts/build.js";
import type { Server } from "node:http";
import { startDocsServer } from "../scripts/serve.js";
import { sitePages } from "../scripts/site-pages.js";
import { listOperations } from "../scripts/spec.js";
import { expectLinkToServedPage, navGroups, navOperationLinks, openWatchedBrowser } from "./browser-support.js";
import { loadDocsSpec } from "./built-docs.js";

const resultsDir = join(appDir, "test-results");

const spec = loadDocsSpec();
const operations = listOperations(spec).map(({ operation }) => operation);
const webhookPayloads = Object.values(spec.webhooks ?? {}).flatMap((pathItem) => (pathItem.post ? [pathItem.post] : []));
const tagNames = (spec.tags ?? []).map((tag) => tag.name);

function startsWithText(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}

let docs: { server: Server; url: string } | undefined;
let browser: Browser | undefined;
let page: Page;
let outsideRequests: string[] = [];
let consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(pageFile)) throw new Error(`${pageFile} is missing: build the docs first (pnpm --filter @postmark-openapi/docs build).`);
  mkdirSync(resultsDir, { recursive: true });

  docs = await startDocsServer({ host: "127.0.0.1", port: 0 });
  ({ browser, page, outsideRequests, consoleErrors } = await openWatchedBrowser());
  await page.goto(docs.url, { waitUntil: "load" });
});

afterAll(async () => {
  await browser?.close();
  const server = docs?.server;
  if (server) await new Promise((resolve) => server.close(resolve));
});

const navSections = () => page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-default');
/** Goes to an operation by its link and waits until its heading is on screen. */
async function showOperation(href: string | undefined, summary: string | undefined): Promise<Locator> {
  if (!href || !summary || !docs) throw new Error(`no link (${href}) or summary (${summary}) to show`);
  await page.goto(new URL(href, docs.url).href);
  const heading = page.locator("h2").filter({ hasText: startsWithText(summary) });
  await heading.first().waitFor({ state: "visible" });
  return heading.first();
}

describe("the docs page in Chromium", () => {
  const hrefs = new Map<string | undefined, string>();

  it("renders the introduction, with the mock note", async () => {
    await expect.poll(() => page.locator("h1").first().textContent()).toContain("Postmark API");
    expect(await page.title()).toBe("Postmark API");
    const sections = await navSections().allTextContents();
    for (const name of ["Base URL and format", "Authentication", "Errors", "Paging", "Limits", "Trying it locally"]) expect(sections).toContain(name);
    const intro = await page.locator("main, body").first().innerText();
    expect(intro).toContain("X-Postmark-Account-Token");
    expect(intro).toContain("uncomment baseUrl");
  });

  it("links the bundled spec for download, served next to the page", async () => {
    for (const file of ["openapi.yaml", "openapi.json"]) {
      expect(await page.locator(`a[href="${file}"]`).count(), file).toBeGreaterThan(0);
      const response = await page.request.get(new URL(file, docs?.url).href);
      expect(response.status(), file).toBe(200);
      expect(await response.text()).toContain("Postmark API");
    }
  });

  // The local Postmark API page is drawn by site-browser.test.ts: here, only where the link leads.
  it("links from its introduction to the local Postmark API page, which the site serves", async () => {
    await expectLinkToServedPage(page, sitePages.mockApi.title, sitePages.mockApi.file, "Local Postmark control API");
  });

  it("lists the groups in the spec's tag order, webhook payloads last", async () => {
    const labels = await navGroups(page).evaluateAll((items) => items.map((item) => item.querySelector("[data-text]")?.getAttribute("data-text")));
    expect(labels).toEqual(tagNames);
    expect(labels).toHaveLength(16);
    expect(labels.at(-1)).toBe("Webhook payloads");
  });

  it("lists every operation and every webhook payload in the navigation", async () => {
    for (const [key, href] of await navOperationLinks(page)) hrefs.set(key, href);
    const expected = [...operations, ...webhookPayloads].map((operation) => operation.operationId.toLowerCase());
    expect([...hrefs.keys()].sort()).toEqual(expected.sort());
    expect(hrefs.size).toBe(operations.length + webhookPayloads.length);
  });

  it("shows every operation and webhook payload when it is opened", async () => {
    for (const operation of [...operations, ...webhookPayloads]) {
      await showOperation(hrefs.get(operation.operationId.toLowerCase()), operation.summary);
    }
  }, 300_000);

  it("finds an operation by its client method name and by its summary", async () => {
    const resultFor = (operationId: string): Locator => page.locator(`[data-testid="search-dialog"] [data-component-name="Search/SearchItem"][href$="/${operationId.toLowerCase()}"]`);
    for (const query of ["Send a batch", "sendEmailBatch"]) {
      await page.getByTestId("search-trigger").click();
      await page.keyboard.type(query);
      await resultFor("sendEmailBatch").waitFor({ state: "visible" });
      expect(await resultFor("sendEmailBatch").innerText()).toContain("Send a batch of emails");
      if (query === "Send a batch") await page.keyboard.press("Escape");
    }
    await resultFor("sendEmailBatch").click();
    await expect.poll(() => page.url()).toMatch(/#\/email\/sendemailbatch$/);
  });

  it("shows an operation's token, parameters with limits, bodies, examples and errors", async () => {
    await showOperation(hrefs.get("listbounces"), "Search bounces");
    const content = await page.locator("body").innerText();
    for (const text of ["Security", "ServerToken", "Token header: X-Postmark-Server-Token", "count", "[ 1 .. 500 ]", "Responses", "401", "422", "500"]) {
      expect(content).toContain(text);
    }
    expect(content).toMatch(/Example:\s*count=50/);
    await showOperation(hrefs.get("sendemail"), "Send an email");
    const sendEmail = await page.locator("body").innerText();
    for (const text of ["Body", "application/json", "required", "413", "415", "HTML and text with a tag and metadata"]) expect(sendEmail).toContain(text);
  });

  it("shows the curl and the TypeScript sample of an operation", async () => {
    await showOperation(hrefs.get("sendemailbatch"), "Send a batch of emails");
    const panel = page.locator(".panel-request-samples").filter({ hasText: "/email/batch" }).first();
    await expect.poll(() => panel.innerText()).toContain("curl -X POST 'https://api.postmarkapp.com/email/batch'");
    expect(await panel.innerText()).toContain('"X-Postmark-Server-Token: $POSTMARK_SERVER_TOKEN"');

    await panel.getByRole("button", { name: "curl" }).click();
    const languages = page.getByRole("menuitem");
    await languages.first().waitFor({ state: "visible" });
    expect(await languages.allInnerTexts()).toEqual(["curl", "TypeScript"]);
    await page.getByRole("menuitem", { name: "TypeScript" }).click();
    await expect.poll(() => panel.innerText()).toContain("await postmark.sendEmailBatch(");
    expect(await panel.innerText()).toContain("serverToken: process.env.POSTMARK_SERVER_TOKEN");
    await page.screenshot({ path: join(resultsDir, "docs-operation.png") });
  });

  it("marks deprecated operations", async () => {
    const deprecated = operations.filter((operation) => operation.deprecated);
    expect(deprecated.length).toBeGreaterThan(0);
    for (const operation of deprecated) {
      const heading = await showOperation(hrefs.get(operation.operationId.toLowerCase()), operation.summary);
      expect(await heading.textContent()).toMatch(/deprecated$/i);
    }
  });

  it("draws the footer credit without Redocly's CDN", async () => {
    await page.getByText("API docs by").first().waitFor({ state: "visible" });
    // Redoc removes the logo when it fails to load, so it must be there, and inline.
    const sources = await page.locator('img[alt="redocly logo"]').evaluateAll((images) => images.map((image) => image.getAttribute("src")));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(src).toMatch(/^data:image\/svg\+xml/);
  });

  it("saves a full-page screenshot of the introduction and every group", async () => {
    await page.goto(docs?.url ?? "");
    await page.locator("h1").first().waitFor({ state: "visible" });
    // Redoc draws only what is in the viewport: grow it to the page's height until nothing new appears.
    let height = 0;
    for (let round = 0; round < 5; round++) {
      const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      if (pageHeight === height) break;
      height = pageHeight;
      await page.setViewportSize({ width: 1400, height: Math.min(height, 20_000) });
      await page.waitForTimeout(500);
    }
    for (const tag of tagNames) await page.locator("h2").filter({ hasText: startsWithText(tag) }).first().waitFor({ state: "visible" });
    await page.getByTestId("search-trigger").filter({ hasText: "Search" }).waitFor({ state: "visible" });
    await page.screenshot({ path: join(resultsDir, "docs-full-page.png"), fullPage: true });
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(existsSync(join(resultsDir, "docs-full-page.png"))).toBe(true);
  });

  it("made no request outside localhost and logged no console error", () => {
    expect(outsideRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  // Runs last: the refused request logs a console error on purpose.
  it("refuses connections outside its origin through its content security policy", async () => {
    const outcome = await page.evaluate(() => fetch("https://api.postmarkapp.com/server").then(() => "sent", (error) => `refused: ${error.message}`));
    expect(outcome).toMatch(/^refused/);
    expect(consoleErrors.join("\n")).toMatch(/Content Security Policy/);
  });
});
