// Launches the chosen Chromium headless, with nothing in the browser itself reaching the network.
import { chromium, type Browser, type LaunchOptions } from "playwright-core";
import { resolveChromium, type ResolveChromiumOptions } from "./resolve.js";

/**
 * Flags for every launch. Without the background-networking ones Chromium contacts Google's
 * services (updates, sync, field trials) on its own; tests must only ever talk to localhost.
 */
export const chromiumFlags: readonly string[] = [
  "--no-sandbox",
  "--no-zygote",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--no-pings",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-domain-reliability",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export interface LaunchChromiumOptions extends ResolveChromiumOptions {
  /** Extra flags, after the fixed ones. */
  args?: string[];
  /** Passed to playwright's launch as they are. */
  launchOptions?: Omit<LaunchOptions, "executablePath" | "headless" | "args">;
}

export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const { executablePath } = await resolveChromium(options);
  return chromium.launch({
    ...options.launchOptions,
    executablePath,
    headless: true,
    args: [...chromiumFlags, ...(options.args ?? [])],
  });
}
