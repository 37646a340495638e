// A page on another origin, and a DNS name rebound to 127.0.0.1, tried from a real Chromium against
// a real mock: what the page can send does not change the mock, what it can read is nothing, and
// the inbox page on the mock's own origin keeps working. Chromium resolves the attacker's names
// to 127.0.0.1 itself (--host-resolver-rules), as a rebinding DNS server would make it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { launchChromium } from "@postmark-openapi/browser-testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockServer, type RunningMock } from "../../src/http/server.js";
import { call } from "../support.js";

let mock: RunningMock;
let friendly: RunningMock;
let attacker: Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const lines: string[] = [];
const token = { "X-Postmark-Server-Token": "browser-victim" };

const attackerOrigin = () => `http://evil.test:${(attacker.address() as AddressInfo).port}`;
const appOrigin = () => `http://app.test:${(attacker.address() as AddressInfo).port}`;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, log: (line) => lines.push(line) });
  attacker = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>elsewhere</title><body>elsewhere</body>"));
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  friendly = await startMockServer({ port: 0, quiet: true, cors: [appOrigin()] });
  browser = await launchChromium({
    args: [
      "--host-resolver-rules=MAP evil.test 127.0.0.1, MAP app.test 127.0.0.1, MAP rebind.test 127.0.0.1",
      // Chromium's own checks on pages reaching private addresses differ from browser to browser
      // and version to version: the mock must hold without them.
      "--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks",
    ],
  });
  context = await browser.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("dialog", (dialog) => void dialog.accept());
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await friendly?.close();
  await mock?.close();
});

beforeEach(async () => {
  await call(mock.url, "POST", "/__mock/api/reset");
  const sent = await call(mock.url, "POST", "/email", { headers: token, body: { From: "app@example.com", To: "jane@example.org", Subject: "Private", TextBody: "secret" } });
  expect(sent.status).toBe(200);
});

async function state() {
  return {
    messages: (await call(mock.url, "GET", "/__mock/api/messages")).json.TotalCount as number,
    faults: (await call(mock.url, "GET", "/__mock/api/faults")).json.Faults as unknown[],
    server: (await call(mock.url, "GET", "/server", { headers: token })).status,
  };
}

describe("a page on another origin", () => {
  beforeEach(async () => {
    await page.goto(`${attackerOrigin()}/`);
  });

  it.each([
    ["a no-cors POST to reset", `fetch(MOCK + "/__mock/api/reset", { method: "POST", mode: "no-cors" })`],
    ["a no-cors DELETE of a message", `fetch(MOCK + "/__mock/api/messages/" + ID, { method: "DELETE", mode: "no-cors" })`],
    ["a JSON fault sent as text/plain", `fetch(MOCK + "/__mock/api/faults", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ Method: "*", Path: "/**", Count: 1000000, Status: 500 }) })`],
    ["a JSON fault sent as a form", `fetch(MOCK + "/__mock/api/faults", { method: "POST", mode: "no-cors", body: new URLSearchParams({ Method: "*", Path: "/**", Status: "500" }) })`],
    ["a send as text/plain, with no token it could add", `fetch(MOCK + "/email", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ From: "a@example.com", To: "b@example.com", Subject: "x", TextBody: "x" }) })`],
    ["an image whose path starts with //", `new Promise((resolve) => { const image = new Image(); image.onerror = image.onload = resolve; image.src = MOCK + "//"; })`],
  ])("changes nothing with %s", async (_name, script) => {
    const before = await state();
    const id = (await call(mock.url, "GET", "/__mock/api/messages")).json.Messages[0].MessageID as string;
    await page.evaluate(`(async () => { const MOCK = ${JSON.stringify(mock.url)}; const ID = ${JSON.stringify(id)}; try { await ${script}; } catch {} })()`);
    expect(await state()).toEqual(before);
  });

  it("changes nothing with a form it posts", async () => {
    const before = await state();
    await page.setContent(`<form method="post" action="${mock.url}/__mock/api/reset"></form>`);
    await Promise.all([page.waitForURL(`${mock.url}/__mock/api/reset`), page.evaluate("document.forms[0].submit()")]);
    expect(await page.evaluate("document.body.innerText")).toContain("takes no POST from pages on http://evil.test");
    expect(await state()).toEqual(before);
  });

  it("reads nothing: the mock API and Postmark's API send it no CORS headers", async () => {
    const results = await page.evaluate(`(async () => {
      const read = (url, init) => fetch(url, init).then((response) => response.status, (error) => "blocked: " + error.name);
      return [await read(${JSON.stringify(mock.url)} + "/__mock/api/messages"), await read(${JSON.stringify(mock.url)} + "/server", { headers: { "X-Postmark-Server-Token": "browser-victim", Accept: "application/json" } })];
    })()`);
    expect(results).toEqual(["blocked: TypeError", "blocked: TypeError"]);
  });
});

describe("a DNS name rebound to 127.0.0.1", () => {
  it("gets 403 for the inbox page, the mock API and Postmark's API, and reads nothing", async () => {
    const rebound = mock.url.replace("127.0.0.1", "rebind.test");
    const inbox = await page.goto(`${rebound}/__mock/`);
    expect(inbox?.status()).toBe(403);
    // The attacker's page, served on the rebound origin (as it was before the name was rebound).
    await page.route(`${rebound}/attack`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>attack</title>" }));
    await page.goto(`${rebound}/attack`);
    const results = await page.evaluate(`(async () => {
      const read = async (path, init) => { const response = await fetch(path, init); return response.status + " " + (await response.text()).slice(0, 80); };
      return [await read("/__mock/api/messages"), await read("/server", { headers: { "X-Postmark-Server-Token": "browser-victim", Accept: "application/json" } }), await read("/__mock/api/reset", { method: "POST" })];
    })()`);
    for (const result of results as string[]) {
      expect(result).toMatch(/^403 /);
      expect(result).not.toContain("Private");
    }
    expect((await state()).messages).toBe(1);
  });
});

describe("the pages that should reach the mock still do", () => {
  it("the inbox page lists, and resets from its own origin", async () => {
    await page.goto(`${mock.url}/__mock/`);
    await page.getByText("Live", { exact: true }).waitFor();
    await page.getByRole("listbox").getByRole("option", { name: /Private/ }).waitFor();
    await page.getByRole("button", { name: "Reset everything" }).click();
    await expect.poll(async () => (await state()).messages).toBe(0);
  });

  it("a page on an origin given with --cors reads the mock API and sends", async () => {
    await page.goto(`${appOrigin()}/`);
    const results = await page.evaluate(`(async () => {
      const sent = await fetch(${JSON.stringify(friendly.url)} + "/email", { method: "POST", headers: { "X-Postmark-Server-Token": "app", Accept: "application/json", "Content-Type": "application/json" }, body: JSON.stringify({ From: "a@example.com", To: "b@example.com", Subject: "From the app", TextBody: "x" }) });
      const listed = await fetch(${JSON.stringify(friendly.url)} + "/__mock/api/messages").then((response) => response.json());
      return [sent.status, listed.TotalCount];
    })()`);
    expect(results).toEqual([200, 1]);
  });

  it("a page on another origin gets nothing from that mock", async () => {
    await page.goto(`${attackerOrigin()}/`);
    const result = await page.evaluate(`fetch(${JSON.stringify(friendly.url)} + "/__mock/api/messages").then((response) => response.status, (error) => "blocked: " + error.name)`);
    expect(result).toBe("blocked: TypeError");
  });
});
