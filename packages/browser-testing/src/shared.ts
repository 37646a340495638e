// One Chromium for all the browser test files of a vitest run: a global setup launches it once as
// a server (a launch costs seconds of CPU on a small machine), and each file connects to it and
// works in browser contexts of its own, so no file sees another's pages, cookies or routes.
import { chromium, type Browser, type BrowserServer } from "playwright-core";
import { chromiumFlags, type LaunchChromiumOptions } from "./launch.js";
import { resolveChromium } from "./resolve.js";

/** Launches the chosen Chromium headless as a server that test files connect to by its endpoint. */
export async function launchChromiumServer(options: LaunchChromiumOptions = {}): Promise<BrowserServer> {
  const { executablePath } = await resolveChromium(options);
  return chromium.launchServer({ executablePath, headless: true, args: [...chromiumFlags, ...(options.args ?? [])] });
}

/** Connects to a server from launchChromiumServer; closing the returned Browser only disconnects. */
export function connectChromium(wsEndpoint: string): Promise<Browser> {
  return chromium.connect(wsEndpoint);
}
