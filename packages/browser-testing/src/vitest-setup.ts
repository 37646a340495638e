// A vitest global setup (`globalSetup` in a vitest config): launches one shared Chromium before the
// first test file and closes it after the last. Files reach it with
// `connectChromium(inject("chromiumEndpoint"))`.
import type { TestProject } from "vitest/node";
import { launchChromiumServer } from "./shared.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The WebSocket endpoint of the run's shared Chromium. */
    chromiumEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await launchChromiumServer();
  project.provide("chromiumEndpoint", server.wsEndpoint());
  return () => server.close();
}
