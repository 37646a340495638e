import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // The browser test, the type-check and the mock all need more than vitest's 5 s on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // expect.poll waits for what the page draws: 1 s (vitest's default) is too short for Redoc in
    // a Chromium that shares two cores with other tests. Something never drawn still fails.
    expect: { poll: { timeout: 30_000 } },
    // One heavy file at a time: Chromium, tsc and the mock compete for the same cores.
    fileParallelism: false,
    // The test files share their worker's modules (the built docs, the mock): each
    // starts its own servers and writes its own folders.
    isolate: false,
  },
});
