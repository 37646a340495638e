// Runs `count` calls of `call` with `concurrency` of them in flight, bounded in time, and records
// each call's latency. Shared by the client and the mock load generators.

/**
 * @param {() => Promise<unknown>} call
 * @returns {Promise<{ completed: number, seconds: number, latenciesMs: Float64Array, errors: number, firstError?: string }>}
 */
export async function runLoad(call, { count, concurrency, maxSeconds = Infinity }) {
  const latenciesMs = new Float64Array(count);
  const deadline = performance.now() + maxSeconds * 1000;
  let next = 0;
  let completed = 0;
  let errors = 0;
  let firstError;
  async function lane() {
    while (next < count && performance.now() < deadline) {
      next++;
      const started = performance.now();
      try {
        await call();
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? `${error.message}${error.cause ? ` (${error.cause})` : ""}` : String(error);
      }
      latenciesMs[completed++] = performance.now() - started;
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { completed, seconds, latenciesMs: latenciesMs.subarray(0, completed), errors, firstError };
}
