import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The consumer project's own test files (fixtures/) run there, with its vitest, not here.
    include: ["src/**/*.test.ts"],
    // npm installs, the CLI and the consumer's vitest are child processes on a shared, small machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
