// Decides which Chromium binary the browser tests drive.
import { existsSync } from "node:fs";
import { unpackRegistryChromium } from "./registry-chromium.js";

/** Where Debian and Ubuntu's `chromium` package puts the browser. */
export const systemChromiumPath = "/usr/bin/chromium";

export type ChromiumSource = "CHROMIUM_PATH" | "system" | "npm";

export interface ChromiumChoice {
  source: ChromiumSource;
  executablePath: string;
  /** One line for logs and docs: which browser, from where. */
  description: string;
}

export interface ResolveChromiumOptions {
  /** Environment to read CHROMIUM_PATH from; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Where to look for a system Chromium; defaults to /usr/bin/chromium. */
  systemPath?: string;
  /** Unpacks the registry's Chromium and returns its binary; replaceable in tests. */
  unpack?: () => Promise<string>;
}

export async function resolveChromium(options: ResolveChromiumOptions = {}): Promise<ChromiumChoice> {
  const env = options.env ?? process.env;
  const systemPath = options.systemPath ?? systemChromiumPath;
  const override = env["CHROMIUM_PATH"];
  if (override) {
    // An explicit choice that points nowhere is a mistake to report, not to paper over.
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH is set to ${override}, which does not exist.`);
    return { source: "CHROMIUM_PATH", executablePath: override, description: `Chromium from CHROMIUM_PATH (${override})` };
  }
  if (existsSync(systemPath)) {
    return { source: "system", executablePath: systemPath, description: `the system's Chromium (${systemPath})` };
  }
  const executablePath = await (options.unpack ?? unpackRegistryChromium)();
  return { source: "npm", executablePath, description: `Chromium from the npm package @sparticuz/chromium (${executablePath})` };
}
