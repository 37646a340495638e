import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Worker threads start for less CPU than child processes (vitest's default); nothing here
    // changes the working directory or signals its own process.
    pool: "threads",
    // Unpacking and starting Chromium on 2 shared cores takes longer than vitest's 5 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
