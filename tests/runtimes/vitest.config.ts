import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each runtime is a child process or a browser on a shared, small machine.
    testTimeout: 90_000,
    hookTimeout: 240_000,
    // One file drives every runtime; the table goes to the console as it is.
    silent: false,
  },
});
