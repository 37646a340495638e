import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Packing, installing and type-checking spawn tools that take seconds on 2 shared cores.
    testTimeout: 180_000,
  },
});
