// Runs the checks in a Chromium page served by the front, which shares its origin with the API.
import { launchChromium } from "@postmark-openapi/browser-testing";
import type { ProgramConfig, RuntimeReport } from "./runtimes.js";

declare global {
  interface Window {
    checkResults?: RuntimeReport & { error?: string };
  }
}

export async function runOnChromium(frontUrl: string, config: ProgramConfig): Promise<RuntimeReport> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${frontUrl}/#${encodeURIComponent(JSON.stringify(config))}`, { timeout: 30_000 });
    try {
      await page.waitForFunction(() => window.checkResults !== undefined, undefined, { timeout: 60_000 });
    } catch (error) {
      throw new Error(`the page gave no results: ${problems.join("; ") || String(error)}`);
    }
    const outcome = await page.evaluate(() => window.checkResults!);
    if (outcome.error) throw new Error(`the page failed: ${outcome.error}`);
    return { runtime: `Chromium ${browser.version()}`, results: outcome.results };
  } finally {
    await browser.close();
  }
}
