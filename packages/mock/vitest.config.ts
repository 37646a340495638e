import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The test files share their worker's modules: every test builds its own emulator or server,
    // and importing the emulator (the spec, its compiled schemas) once per worker instead of once
    // per file was most of the run's time.
    isolate: false,
    // One real PostgreSQL for the whole run, for the PostgreSQL engine and the replica tests.
    globalSetup: ["test/postgres/global-setup.ts"],
    // The files of the project the packed test installs into; they run there, not here.
    exclude: [...configDefaults.exclude, "test/packed/fixtures/consumer/**"],
  },
});
