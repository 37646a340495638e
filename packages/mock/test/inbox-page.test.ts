// The inbox page in a real Chromium, against a real mock: what an app sends shows up without a
// reload, the message's HTML renders in a sandbox where scripts do not run, search narrows the
// list, reset empties it, nothing is fetched from outside the machine and nothing logs an error.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@postmark-openapi/browser-testing";
import { createPostmarkClient } from "@postmark-openapi/client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type RunningMock } from "../src/index.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const screenshotPath = join(packageRoot, "test-results", "inbox.png");

let mock: RunningMock;
let imageServer: Server;
let imageHits = 0;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];
const consoleErrors: { text: string; url: string }[] = [];
let pageLoads = 0;

// An image server on the machine but on another origin (localhost, not 127.0.0.1): the page
// must treat it as remote and not load from it until asked.
const remoteImageUrl = () => `http://localhost:${(imageServer.address() as AddressInfo).port}/pixel.gif`;
const pixel = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

const welcomeHtml = () => `<!doctype html><html><body style="font-family: sans-serif; margin: 24px; color: #222">
<h1 id="greeting" style="font-size: 22px">Hello from the sandbox</h1>
<p>Thanks for signing up, Jane. Your workspace is ready.</p>
<p><a href="https://example.com/start" style="background: #1a73e8; color: #fff; padding: 8px 16px; border-radius: 4px; text-decoration: none">Open your workspace</a></p>
<img id="remote" src="${remoteImageUrl()}" alt="" width="1" height="1">
<p id="marker" style="color: #777; font-size: 12px">script did not run</p>
<script>
  document.getElementById("marker").textContent = "script ran";
  document.body.setAttribute("data-ran", "yes");
  try { parent.document.body.setAttribute("data-ran", "yes"); } catch (error) {}
</script>
</body></html>`;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, quiet: true });
  imageServer = createServer((_request, response) => {
    imageHits++;
    response.writeHead(200, { "content-type": "image/gif" }).end(pixel);
  });
  await new Promise<void>((resolve) => imageServer.listen(0, "127.0.0.1", resolve));

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
  // Every request of every frame passes here: it is recorded, and anything bound elsewhere than
  // this machine is refused.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    requested.push(url.href);
    return ["127.0.0.1", "localhost"].includes(url.hostname) ? route.continue() : route.abort("blockedbyclient");
  });
  page = await context.newPage();
  // Fail with Playwright's own message (what it waited for) before the test's time runs out.
  page.setDefaultTimeout(10_000);
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push({ text: message.text(), url: message.location().url });
  });
  page.on("pageerror", (error) => consoleErrors.push({ text: error.message, url: page.url() }));
  page.on("load", () => pageLoads++);
  page.on("dialog", (dialog) => void dialog.accept());
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise((resolve) => imageServer?.close(resolve));
  await mock?.close();
});

const rows = () => page.getByRole("listbox").getByRole("option");
const row = (subject: string) => page.getByRole("listbox").getByRole("option", { name: new RegExp(subject) });
const client = () => createPostmarkClient({ serverToken: "inbox-page-test", baseUrl: mock.url, retry: false });

describe("the inbox page", () => {
  it("opens empty and follows the event stream", async () => {
    await page.goto(`${mock.url}/__mock/`);
    await page.getByText("Nothing sent yet").waitFor();
    await page.getByText("Live", { exact: true }).waitFor();
    expect(await page.title()).toBe("Local Postmark inbox");
  });

  it("shows an email sent by our client without a reload", async () => {
    await client().sendEmail({
      body: {
        From: "Acme <hello@example.com>",
        To: "Jane Doe <jane@example.org>",
        Subject: "Welcome aboard",
        HtmlBody: welcomeHtml(),
        TextBody: "Hello from the text part",
        Tag: "welcome",
        Metadata: { customer: "42" },
        Attachments: [{ Name: "terms.txt", Content: Buffer.from("Be kind.").toString("base64"), ContentType: "text/plain" }],
      },
    });
    await row("Welcome aboard").waitFor();
    await client().sendEmail({ body: { From: "billing@example.com", To: "ops@example.net", Subject: "Invoice 42", TextBody: "Due soon", Tag: "billing" } });
    await row("Invoice 42").waitFor();
    // Newest first.
    expect(await rows().allTextContents()).toEqual([expect.stringContaining("Invoice 42"), expect.stringContaining("Welcome aboard")]);
    expect(pageLoads).toBe(1);
  });

  it("opens a message from the keyboard and renders its HTML in a sandbox where the script does not run", async () => {
    await page.locator("#message-list").focus();
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Welcome aboard" }).waitFor();

    const frameElement = page.locator("iframe.html-frame");
    const sandbox = await frameElement.getAttribute("sandbox");
    expect(sandbox).not.toBeNull();
    expect(sandbox).not.toContain("allow-scripts");
    expect(sandbox).not.toContain("allow-same-origin");

    const frame = page.frameLocator("iframe.html-frame");
    await expect.poll(() => frame.locator("#greeting").textContent()).toBe("Hello from the sandbox");
    expect(await frame.locator("#marker").textContent()).toBe("script did not run");
    expect(await frame.locator("body").getAttribute("data-ran")).toBeNull();
    expect(await page.locator("body").getAttribute("data-ran")).toBeNull();
    expect(await page.evaluate(() => document.body.hasAttribute("data-ran"))).toBe(false);
  });

  it("shows the other parts of the message", async () => {
    await page.getByRole("tab", { name: "Text" }).click();
    await page.getByText("Hello from the text part").waitFor();
    await page.getByRole("tab", { name: "Attachments (1)" }).click();
    expect(await page.getByRole("link", { name: "terms.txt" }).getAttribute("href")).toMatch(/^\/__mock\/api\/messages\/[^/]+\/attachments\/0$/);
    await page.getByRole("tab", { name: "Details" }).click();
    await page.getByRole("rowheader", { name: "customer" }).waitFor();
    await page.getByRole("tab", { name: "Source" }).click();
    await page.getByText(/Subject: Welcome aboard/).waitFor();
    await page.getByRole("tab", { name: "HTML" }).click();
  });

  it("loads remote images only when asked", async () => {
    expect(imageHits).toBe(0);
    await page.getByRole("button", { name: "Load remote images" }).click();
    await expect.poll(() => imageHits).toBe(1);
    const frame = page.frameLocator("iframe.html-frame");
    await expect.poll(() => frame.locator("#remote").evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1);
    await page.screenshot({ path: screenshotPath });
  });

  it("narrows the list as the search changes", async () => {
    const search = page.getByLabel("Search");
    const cases: [string, string[]][] = [
      ["tag:billing", ["Invoice 42"]],
      ["jane@example.org", ["Welcome aboard"]],
      ['subject:"welcome aboard"', ["Welcome aboard"]],
      ["from:billing@", ["Invoice 42"]],
      ["nothing-matches-this", []],
      ["", ["Invoice 42", "Welcome aboard"]],
    ];
    for (const [text, subjects] of cases) {
      await search.fill(text);
      await expect.poll(async () => (await rows().allTextContents()).map((content) => subjects.find((subject) => content.includes(subject)) ?? content), { message: text }).toEqual(subjects);
    }
  });

  it("deletes the open message after confirmation", async () => {
    await row("Invoice 42").click();
    await page.getByRole("heading", { name: "Invoice 42" }).waitFor();
    await page.getByRole("button", { name: "Delete message" }).click();
    await expect.poll(async () => (await rows().allTextContents()).length).toBe(1);
    expect(await rows().first().textContent()).toContain("Welcome aboard");
    await page.getByText("Open a message to see it here.").waitFor();
  });

  it("empties the list on reset", async () => {
    await page.getByRole("button", { name: "Reset everything" }).click();
    await page.getByText("Nothing sent yet").waitFor();
    expect(await rows().count()).toBe(0);
    expect(pageLoads).toBe(1);
  });

  it("fetched nothing from outside the machine and logged no error", () => {
    expect(requested.length).toBeGreaterThan(5);
    const image = remoteImageUrl();
    expect(requested.filter((url) => !url.startsWith(`${mock.url}/`) && url !== image)).toEqual([]);
    // The message's frame reports what its sandbox and CSP stopped: the email's script, and its
    // remote image before it was allowed. Those are the protections working; anything else is
    // an error of the page.
    const isMessageFrame = (url: string) => /\/__mock\/api\/messages\/[^/]+\/html/.test(url);
    const blocked = consoleErrors.filter((entry) => isMessageFrame(entry.url));
    expect(consoleErrors.filter((entry) => !isMessageFrame(entry.url))).toEqual([]);
    const imageBlocked = /^Loading the image 'http:\/\/localhost:\d+\/pixel\.gif' violates the following Content Security Policy directive/;
    const scriptBlocked = /^Blocked script execution in .* because the document's frame is sandboxed and the 'allow-scripts' permission is not set/;
    expect(blocked.filter((entry) => !imageBlocked.test(entry.text) && !scriptBlocked.test(entry.text))).toEqual([]);
    // The frame is loaded each time the HTML tab is shown; the script is stopped every time, and
    // the image only until remote images were allowed.
    expect(blocked.filter((entry) => scriptBlocked.test(entry.text)).length).toBeGreaterThanOrEqual(2);
    expect(blocked.filter((entry) => imageBlocked.test(entry.text)).length).toBeGreaterThanOrEqual(1);
    expect(blocked.filter((entry) => imageBlocked.test(entry.text) && entry.url.includes("remote=true"))).toEqual([]);
  });
});
