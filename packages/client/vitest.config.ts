import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The test files share their worker's modules: each builds its own client and fake fetch, and
    // importing the client and the spec once per worker instead of once per file halves the run.
    isolate: false,
    // Worker threads start for less CPU than child processes (vitest's default); nothing here
    // changes the working directory or signals its own process.
    pool: "threads",
  },
});
