// What the browser tests share: Chromium with every request checked, so one that would leave the
// machine is recorded and never sent, and a record of console errors.
import { connectChromium, resolveChromium } from "@postmark-openapi/browser-testing";
import type { Browser, Locator, Page } from "playwright-core";
import { expect, inject } from "vitest";

/** True for the page's own origin and for what never leaves the browser (data:, blob:). */
export function isLocalUrl(url: string): boolean {
  if (url.startsWith("data:") || url.startsWith("about:")) return true;
  const target = url.startsWith("blob:") ? url.slice("blob:".length) : url;
  try {
    const { protocol, hostname } = new URL(target);
    return (protocol === "http:" || protocol === "https:") && ["127.0.0.1", "localhost", "[::1]"].includes(hostname);
  } catch {
    return false;
  }
}

export interface WatchedBrowser {
  browser: Browser;
  page: Page;
  outsideRequests: string[];
  consoleErrors: string[];
}

/**
 * A connection to the run's shared Chromium (test/global-setup.ts) and a page in a context of its
 * own; closing the browser closes that context and disconnects.
 */
export async function openWatchedBrowser(): Promise<WatchedBrowser> {
  console.info(`Browser test runs in ${(await resolveChromium()).description}`);
  const browser = await connectChromium(inject("chromiumEndpoint"));
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const outsideRequests: string[] = [];
  const consoleErrors: string[] = [];
  context.on("request", (request) => {
    if (!isLocalUrl(request.url())) outsideRequests.push(request.url());
  });
  await context.route("**/*", (route) => (isLocalUrl(route.request().url()) ? route.continue() : route.abort("blockedbyclient")));
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));
  return { browser, page, outsideRequests, consoleErrors };
}

/** The groups (tags) of a Redoc page's navigation. */
export const navGroups = (page: Page) => page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group');

/** Opens a group in a Redoc page's navigation and returns the link of each entry under it. */
export async function openGroup(group: Locator): Promise<(string | null)[]> {
  const links = group.locator(".menu-item-type-operation a");
  // Redoc opens the group in view as the page scrolls, and a click on an open group closes it:
  // click only while the group is closed, and again if scrolling closed it under the click. The
  // click event is dispatched to the link rather than made with the mouse: a mouse click first
  // waits for the page around the link to settle, which took longer than opening the group (the
  // search test clicks with the mouse).
  for (let attempt = 1; !(await links.first().isVisible()); attempt++) {
    await group.locator("a").first().dispatchEvent("click");
    try {
      await links.first().waitFor({ state: "visible", timeout: 10_000 });
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  return links.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")));
}

/** Every operation link of a Redoc page's navigation, by its last segment (the lower-cased operationId). */
export async function navOperationLinks(page: Page): Promise<Map<string | undefined, string>> {
  const hrefs = new Map<string | undefined, string>();
  // Redoc shows one group at a time: open each before reading its entries.
  const groupCount = await navGroups(page).count();
  for (let index = 0; index < groupCount; index++) {
    for (const href of await openGroup(navGroups(page).nth(index))) if (href) hrefs.set(href.split("/").at(-1), href);
  }
  return hrefs;
}

/**
 * Where the page's link named `name` leads, checked without drawing the target (another Redoc page
 * costs seconds of Chromium's time): `file` on the same site, served with this document title.
 */
export async function expectLinkToServedPage(page: Page, name: string, file: string, documentTitle: string): Promise<void> {
  const href = await page.getByRole("link", { name, exact: true }).first().getAttribute("href");
  const target = new URL(href ?? "", page.url());
  expect(target.pathname.endsWith(`/${file}`), target.href).toBe(true);
  const answer = await page.request.get(target.href);
  expect(answer.status()).toBe(200);
  expect(await answer.text()).toContain(`<title>${documentTitle}</title>`);
}
