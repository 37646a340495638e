// Runs `count` calls of `call` with `concurrency` of them in flight, bounded in time, and records
// each call's latency. Shared by the client and the mock load generators.

export interface LoadResult {
  completed: number;
  seconds: number;
  latenciesMs: Float64Array;
  errors: number;
  firstError: string | undefined;
}

export async function runLoad(
  call: () => Promise<unknown>,
  { count, concurrency, maxSeconds = Infinity }: { count: number; concurrency: number; maxSeconds?: number },
): Promise<LoadResult> {
  const latenciesMs = new Float64Array(count);
  const deadline = performance.now() + maxSeconds * 1000;
  let next = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  async function lane(): Promise<void> {
    while (next < count && performance.now() < deadline) {
      next++;
      const started = performance.now();
      try {
        await call();
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ""}` : String(error);
      }
      latenciesMs[completed++] = performance.now() - started;
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { completed, seconds, latenciesMs: latenciesMs.subarray(0, completed), errors, firstError };
}
