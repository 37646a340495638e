import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The test files share their worker's modules: every test builds its own emulator or server,
    // and importing the emulator (the spec, its compiled schemas) once per worker instead of once
    // per file was most of the run's time.
    isolate: false,
    // Worker threads rather than child processes: with long-lived workers that share their
    // modules, threads spent about 6% less CPU over the whole run (no file needs a process of its
    // own: none changes its working directory or handles signals sent to itself).
    pool: "threads",
    // One real PostgreSQL for the whole run, for the PostgreSQL engine and the replica tests.
    globalSetup: ["test/postgres/global-setup.ts"],
    // Removes the temporary folders each file made (test/temporary-folders.ts) once it ends.
    setupFiles: ["test/after-each-file.ts"],
    // No maxWorkers: vitest's default (one less than the cores, so one on two cores). A second
    // worker on two cores imported everything again and fought the other packages' tests for
    // the CPU: `npm test` from a fresh clone spent about 60 s less CPU with one and ended 17–22 s
    // sooner (tests/README.md). Each file starts its own servers on port 0 and writes to its own
    // temporary folders, so any two can still run side by side on a larger machine.

    // `expect.poll` waits for a browser, a webhook or a child process; on a busy machine that takes
    // longer than vitest's default second, and a poll ends as soon as it holds.
    expect: { poll: { timeout: 10_000 } },
  },
});
