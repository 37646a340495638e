import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Packing, installing and type-checking spawn tools that take seconds on 2 shared cores (the
    // workspace's type-check runs in a beforeAll).
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
