// Starts the registry's Chromium for real, as on a machine without a system browser.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumFlags, launchChromium } from "./launch.js";
import { resolveChromium } from "./resolve.js";

const noSystemChromium = { env: {}, systemPath: "/nonexistent/chromium" };

/** Command lines of the processes this test process started from the given binary. */
function browserCommandLines(executablePath: string): string[][] {
  const lines: string[][] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const parent = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1];
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (parent === String(process.pid) && argv[0] === executablePath) lines.push(argv);
    } catch {
      // The process ended while being read.
    }
  }
  return lines;
}

let server: Server;
let url: string;
let browser: Browser | undefined;

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.setHeader("content-type", "text/html");
    response.end("<title>local</title><p id=answer></p><script>document.getElementById('answer').textContent = String(6 * 7)</script>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe("launchChromium without a system Chromium", () => {
  it("unpacks @sparticuz/chromium's browser into a directory of its own", async () => {
    const choice = await resolveChromium(noSystemChromium);
    expect(choice.source).toBe("npm");
    expect(choice.executablePath).toMatch(/postmark-openapi-chromium-[\d.]+\/chromium$/);
    expect(existsSync(choice.executablePath)).toBe(true);
  });

  it("starts it headless and runs a local page's script", async () => {
    browser = await launchChromium(noSystemChromium);
    expect(browser.version()).toMatch(/^\d+\.\d+\.\d+/);
    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.title()).toBe("local");
    expect(await page.locator("#answer").textContent()).toBe("42");
  });

  it("runs with the flags that keep Chromium's own traffic off the network", async () => {
    // Read the command line of the browser process this test started (Linux's /proc).
    const { executablePath } = await resolveChromium(noSystemChromium);
    const commandLine = browserCommandLines(executablePath).flat();
    expect(commandLine).toContain(executablePath);
    for (const flag of ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]) {
      expect(chromiumFlags).toContain(flag);
      expect(commandLine).toContain(flag);
    }
    expect(commandLine.some((argument) => argument.startsWith("--headless"))).toBe(true);
  });
});
