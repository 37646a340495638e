// Middleware cost: our client and openapi-fetch, each without middleware and with one, sending
// emails to the fixed-answer server one at a time and 32 in flight. The runs go through the client
// benchmarks' rounds (src/throughput.ts), each a fresh src/throughput-worker.ts process.
import { middlewareKinds } from "./clients.js";
import { concurrencies, runClientRounds, summarizeVariant, type ClientVariant, type RoundSettings, type RunFigures } from "./throughput.js";
import type { ThroughputRun } from "./throughput-worker.js";
import { ratio } from "./stats.js";

export const middlewareVariants: readonly ClientVariant[] = middlewareKinds.flatMap((kind) => [0, 1].map((middleware) => ({ kind, middleware })));

export type MiddlewareFigures = RunFigures & {
  /** CPU per request with this many middleware minus without any, same client */
  cpuMicrosAddedByMiddleware: number;
  cpuVsNoMiddleware: number;
  /** CPU per request vs openapi-fetch with as many middleware */
  cpuVsOpenapiFetch: number;
};

export interface MiddlewareResult {
  rounds: number;
  count: number;
  warmup: number;
  /** concurrency → "client:middleware" → figures */
  summary: Record<number, Record<string, MiddlewareFigures>>;
  runs: ThroughputRun[];
}

export const variantKey = ({ kind, middleware }: ClientVariant): string => `${kind}:${middleware}`;

export async function measureMiddleware(settings: RoundSettings): Promise<MiddlewareResult> {
  const runs = await runClientRounds("middleware", middlewareVariants, settings);
  const summary: MiddlewareResult["summary"] = {};
  for (const concurrency of concurrencies) {
    const cpu = (variant: ClientVariant): number => summarizeVariant(runs, variant, concurrency).cpuMicrosPerRequest.median;
    summary[concurrency] = Object.fromEntries(
      middlewareVariants.map((variant) => {
        const figures = summarizeVariant(runs, variant, concurrency);
        const without = cpu({ ...variant, middleware: 0 });
        const mine = figures.cpuMicrosPerRequest.median;
        return [
          variantKey(variant),
          {
            ...figures,
            cpuMicrosAddedByMiddleware: mine - without,
            cpuVsNoMiddleware: ratio(mine, without),
            cpuVsOpenapiFetch: ratio(mine, cpu({ ...variant, kind: "openapi-fetch" })),
          },
        ];
      }),
    );
  }
  return { rounds: settings.rounds, count: settings.count, warmup: settings.warmup, summary, runs };
}
