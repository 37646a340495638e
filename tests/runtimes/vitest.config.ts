import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each runtime is a child process or a browser on a shared, small machine.
    testTimeout: 90_000,
    hookTimeout: 240_000,
  },
});
