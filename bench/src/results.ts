// The shape of bench/results.json: what each benchmark returns, and the run around them.
import type { measureColdStart } from "./cold-start.js";
import type { measureEmulator } from "./emulator.js";
import type { measureLargeTemplate, measureWebhookStorm } from "./hostile.js";
import type { measureHotPath } from "./hot-path.js";
import type { describeMachine } from "./machine.js";
import type { MiddlewareResult } from "./middleware.js";
import type { measureMock } from "./mock.js";
import type { measureMockPackage } from "./mock-package.js";
import type { PipelineResult } from "./pipeline.js";
import type { measurePostgres } from "./postgres.js";
import type { measureSize } from "./size.js";
import type { measureSmtp } from "./smtp.js";
import type { measureSqlite } from "./sqlite.js";
import type { ThroughputResult } from "./throughput.js";
import type { measureTypecheck } from "./typecheck.js";

export interface Measured {
  size: Awaited<ReturnType<typeof measureSize>>;
  throughput: ThroughputResult;
  middleware: MiddlewareResult;
  coldStart: Awaited<ReturnType<typeof measureColdStart>>;
  typecheck: Awaited<ReturnType<typeof measureTypecheck>>;
  mock: Awaited<ReturnType<typeof measureMock>>;
  emulator: Awaited<ReturnType<typeof measureEmulator>>;
  hotPath: Awaited<ReturnType<typeof measureHotPath>>;
  mockPackage: Awaited<ReturnType<typeof measureMockPackage>>;
  webhookStorm: Awaited<ReturnType<typeof measureWebhookStorm>>;
  largeTemplate: Awaited<ReturnType<typeof measureLargeTemplate>>;
  postgres: Awaited<ReturnType<typeof measurePostgres>>;
  sqlite: Awaited<ReturnType<typeof measureSqlite>>;
  smtp: Awaited<ReturnType<typeof measureSmtp>>;
  pipeline: PipelineResult;
}

export type BenchmarkName = keyof Measured;

/** What a benchmark that threw leaves in the results instead of its figures. */
export interface Failure {
  error: string;
}

export interface Target {
  area: string;
  goal: string;
  figure: string;
  status: "met" | "missed" | "not measured";
}

export type Results = {
  machine: ReturnType<typeof describeMachine>;
  startedAt: string;
  options: { pipeline: boolean; only?: string | undefined; quick: boolean; profile: boolean; "postgres-messages"?: string | undefined; "sqlite-messages"?: string | undefined };
  skipped: string[];
  durationMs?: number;
  loadAverageAtEnd?: number;
  targets?: Target[];
} & Outcomes;

/** Each benchmark's figures, or how it failed, and how long it took. */
type Outcomes = { [Name in BenchmarkName]?: (Measured[Name] | Failure) & { durationMs?: number } };

/** A benchmark's figures, or undefined when it was skipped or failed. */
export function figuresOf<Name extends BenchmarkName>(results: Results, name: Name): Measured[Name] | undefined {
  // Read through the mapped type, without a cast: a cast from Results[Name] made tsc compare the
  // whole results type for every benchmark (seconds of checking).
  const outcomes: Outcomes = results;
  const value: Measured[Name] | Failure | undefined = outcomes[name];
  return value === undefined || "error" in value ? undefined : value;
}
