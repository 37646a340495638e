import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The files of the project the packed test installs into; they run there, not here.
    exclude: [...configDefaults.exclude, "test/packed/fixtures/consumer/**"],
  },
});
