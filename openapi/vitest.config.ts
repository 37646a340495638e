import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The test files share their worker's modules: each reads the spec it needs, and loading the
    // bundle and compiling its schemas once per worker, not once per file, is most of the run.
    isolate: false,
    // Worker threads start for less CPU than child processes (vitest's default); nothing here
    // changes the working directory or signals its own process.
    pool: "threads",
  },
});
