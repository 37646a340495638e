// Posts every event the emulator records to the URLs configured for it, retries on Postmark's
// schedule, and logs each attempt. Portable: it uses only the global fetch, timers and
// AbortSignal, so it runs under Node and in a browser alike.
import type { EmulatorEvent, PublishedEvent, WebhookPost } from "../core/events.js";
import { postmarkTimestamp } from "../core/time.js";
import type { Schemas } from "../core/types.js";
import { createDeliveryLog, type DeliveryFilter, type DeliveryOutcome, type WebhookDelivery } from "./delivery-log.js";
import { basicAuthorization, postOnce, splitCredentials, type PostResult } from "./post.js";
import { createPostQueue, targetOf } from "./queue.js";
import { isRetryable, retryDelay, retryDelays, succeeded } from "./schedule.js";
import type { ClaimedJob, SharedWebhooks } from "./shared.js";

export interface WebhookDispatcherOptions {
  /** multiplies Postmark's retry schedule: 1 (default) is the real one; 0.001 turns a minute into 60 ms */
  retryScale?: number;
  /** how long one attempt may take before it counts as a timeout, in milliseconds (default 30,000) */
  timeoutMs?: number;
  /** attempts kept in the log (default 10,000) */
  maxLogEntries?: number;
  /** posts running at once, over all receivers (default 32): the most sockets webhooks hold open */
  concurrency?: number;
  /** posts running at once to one receiver, i.e. one scheme, host and port (default 8) */
  concurrencyPerTarget?: number;
  /** posts kept waiting to be sent or retried (default 10,000); an event past it is dropped, and the log says so */
  queueLimit?: number;
  /** one line per attempt; never holds credentials */
  log?: (line: string) => void;
  now?: () => Date;
  fetch?: typeof fetch;
  /**
   * Replicas on one database: posts come from the database's queue (claimed by one replica each)
   * instead of the events this process publishes, and every attempt goes to the shared log.
   */
  shared?: SharedWebhooks;
}

export interface WebhookDispatcher {
  /** makes the posts an event needs (in the background) */
  handle(published: PublishedEvent): void;
  /** every attempt this process logged, newest first */
  deliveries(filter?: DeliveryFilter): WebhookDelivery[];
  /** every attempt logged, newest first: by any replica when they share a database */
  listDeliveries(filter?: DeliveryFilter): Promise<WebhookDelivery[]>;
  /** `clear()`, and with replicas, empties the shared queue and log too */
  reset(): Promise<void>;
  /** empties the log and drops the retries still waiting and the posts under way */
  clear(): void;
  /** stops: waiting retries are dropped and posts under way cancelled; later events are ignored */
  close(): Promise<void>;
  /** resolves once no post is under way or waiting for a retry */
  idle(): Promise<void>;
}

export const defaultWebhookTimeoutMs = 30_000;
const defaultLogEntries = 10_000;
/** The bounds on webhook posting, unless the options say otherwise. */
export const webhookDefaults = { concurrency: 32, concurrencyPerTarget: 8, queueLimit: 10_000 } as const;
/** Bodies kept waiting, all posts together: bounce content can make one post megabytes long. */
const maxQueuedBytes = 256 * 1024 * 1024;

/** One event on its way to one URL, across its attempts. */
interface Job {
  event: EmulatorEvent;
  target: WebhookPost;
  /** without credentials */
  url: string;
  auth: Schemas["HttpAuth"] | null;
  body: string;
  /** the same on every attempt, so a receiver can tell a retry from a new event */
  traceId: string;
  attempt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal;
  /** its ID in the shared queue, with replicas */
  queued?: number;
}

/** How long a replica holds a claimed post beyond the attempt's timeout before others may take it (at most). */
const leaseMarginMs = 30_000;
/** How often replicas look for due posts when nothing wakes them. */
const pollMs = 1_000;

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const scale = options.retryScale ?? 1;
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new Error(`The webhook retry scale must be a number of 0 or more, not ${String(options.retryScale)}.`);
  const timeoutMs = options.timeoutMs ?? defaultWebhookTimeoutMs;
  const now = options.now ?? (() => new Date());
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const log = createDeliveryLog(options.maxLogEntries ?? defaultLogEntries);
  const jobs = new Set<Job>();
  const inFlight = new Set<Promise<void>>();
  const queueLimit = options.queueLimit ?? webhookDefaults.queueLimit;
  if (!Number.isInteger(queueLimit) || queueLimit < 1) throw new Error(`The webhook queue limit must be a whole number of 1 or more, not ${String(options.queueLimit)}.`);
  const queue = createPostQueue({ overall: options.concurrency ?? webhookDefaults.concurrency, perTarget: options.concurrencyPerTarget ?? webhookDefaults.concurrencyPerTarget });
  let queuedBytes = 0;
  /** posts dropped since the queue was last below its limit; the first one and the count are logged */
  let dropped = 0;
  let waiters: (() => void)[] = [];
  // Aborted by clear() and close(): every job started before then is dropped.
  let lifetime = new AbortController();
  let closed = false;
  const shared = options.shared;
  const overall = options.concurrency ?? webhookDefaults.concurrency;
  let pumpTimer: ReturnType<typeof setTimeout> | undefined;
  let pumping = false;
  const stopWaking = shared?.onJobs(() => schedulePump(0));
  if (shared) schedulePump(0);

  function handle({ event, posts }: PublishedEvent): void {
    if (closed) return;
    for (const target of posts) {
      const { url, auth } = splitCredentials(target.url);
      // A full queue drops the post before its body is even built.
      if (jobs.size >= queueLimit || queuedBytes >= maxQueuedBytes) {
        drop(event, url);
        continue;
      }
      const job: Job = {
        event,
        target,
        url,
        auth: target.auth ?? auth,
        body: JSON.stringify(target.payload),
        traceId: crypto.randomUUID(),
        attempt: 0,
        timer: undefined,
        signal: lifetime.signal,
      };
      jobs.add(job);
      queuedBytes += job.body.length;
      // Posted once the current call has answered, as Postmark posts after accepting a message.
      enqueue(job);
    }
  }

  function drop(event: EmulatorEvent, url: string): void {
    dropped += 1;
    if (dropped === 1) {
      options.log?.(
        `webhook queue full (${jobs.size} posts waiting, running or retrying; the limit is ${queueLimit}): dropped the ${event.type} post to ${url}${event.messageId ? ` for message ${event.messageId}` : ""}; further drops are counted until there is room again`,
      );
    }
  }

  function enqueue(job: Job): void {
    queue.push(targetOf(job.url), () => {
      // Dropped by clear() or close() while it waited.
      if (!jobs.has(job)) return Promise.resolve();
      const attempt = tryOnce(job).finally(() => inFlight.delete(attempt));
      inFlight.add(attempt);
      return attempt;
    });
  }

  function later(job: Job, delay: number): void {
    job.timer = setTimeout(() => {
      job.timer = undefined;
      enqueue(job);
    }, delay);
    // A waiting post alone does not keep a Node process running.
    (job.timer as { unref?: () => void }).unref?.();
  }

  async function tryOnce(job: Job): Promise<void> {
    job.attempt += 1;
    const startedAt = now();
    const headers = headersFor(job);
    const result: PostResult =
      headers instanceof Headers
        ? await postOnce({ url: job.url, headers, body: job.body, timeoutMs, signal: job.signal, fetch: send })
        : { status: null, error: `The webhook's custom headers cannot be sent: ${headers.problem}`, responseBody: null, durationMs: 0 };
    // Cleared or closed meanwhile: the job is gone and its attempt goes unrecorded.
    if (job.signal.aborted) return finish(job);

    const { kind } = job.target;
    const retryable = headers instanceof Headers && !succeeded(result) && isRetryable(kind, result);
    const delay = retryable ? retryDelay(kind, job.attempt, scale) : undefined;
    const outcome: DeliveryOutcome = succeeded(result) ? "delivered" : delay !== undefined ? "retrying" : retryable ? "gave-up" : "failed";
    const nextAttemptAt = delay === undefined ? null : new Date(startedAt.getTime() + result.durationMs + delay);
    const attemptEntry = {
      ServerID: job.event.serverId,
      MessageID: job.event.messageId || null,
      RecordType: job.event.type,
      Url: job.url,
      Attempt: job.attempt,
      At: postmarkTimestamp(startedAt),
      Outcome: outcome,
      Status: result.status,
      Error: result.error,
      DurationMs: result.durationMs,
      ResponseBody: result.responseBody,
      NextAttemptAt: nextAttemptAt ? postmarkTimestamp(nextAttemptAt) : null,
    } satisfies Omit<WebhookDelivery, "ID">;
    const entry = log.add(attemptEntry);
    options.log?.(logLine(entry, delay));

    if (shared && job.queued !== undefined) {
      // The queue keeps the post until it is done; any replica makes the retry when it is due.
      const id = job.queued;
      await shared.log.add(attemptEntry).catch(() => {});
      await (delay === undefined ? shared.queue.finish(id) : shared.queue.retryAt(id, (nextAttemptAt ?? now()).getTime())).catch(() => {});
      return finish(job);
    }
    if (delay === undefined) return finish(job);
    later(job, delay);
  }

  /** Takes due posts from the shared queue, as many as there are free slots. */
  async function pump(): Promise<void> {
    pumpTimer = undefined;
    if (!shared || closed || pumping) return;
    pumping = true;
    let next = pollMs;
    try {
      const free = Math.min(overall, queueLimit) - jobs.size;
      if (free > 0) {
        const at = now().getTime();
        const claimed = await shared.queue.claim(Math.min(free, 64), at, at + timeoutMs + Math.min(leaseMarginMs, timeoutMs));
        for (const item of claimed) start(item);
        if (claimed.length === Math.min(free, 64)) next = 0;
      }
      if (next > 0) {
        const due = await shared.queue.nextDue();
        if (due !== undefined) next = Math.max(0, Math.min(pollMs, due - now().getTime()));
      }
    } catch {
      // The database is away: look again later.
    } finally {
      pumping = false;
    }
    schedulePump(next);
  }

  function schedulePump(delay: number): void {
    if (!shared || closed) return;
    if (pumpTimer !== undefined) {
      if (delay > 0) return;
      clearTimeout(pumpTimer);
    }
    pumpTimer = setTimeout(() => void pump(), delay);
    (pumpTimer as { unref?: () => void }).unref?.();
  }

  function start({ id, attempt, job: queued }: ClaimedJob): void {
    const { url, auth } = splitCredentials(queued.post.url);
    const job: Job = {
      event: queued.event,
      target: queued.post,
      url,
      auth: queued.post.auth ?? auth,
      body: JSON.stringify(queued.post.payload),
      traceId: queued.traceId,
      attempt: attempt - 1,
      timer: undefined,
      signal: lifetime.signal,
      queued: id,
    };
    jobs.add(job);
    queuedBytes += job.body.length;
    enqueue(job);
  }

  /** The request headers, or what makes the webhook's custom headers unusable (a bad name or value). */
  function headersFor(job: Job): Headers | { problem: string } {
    const headers = new Headers({ "content-type": "application/json" });
    for (const { Name, Value } of job.target.headers) {
      try {
        headers.set(Name, Value);
      } catch {
        // The value is left out of the message: custom headers often hold secrets.
        return { problem: `the header '${Name}' has a name or value HTTP does not allow` };
      }
    }
    if (job.auth) headers.set("authorization", basicAuthorization(job.auth));
    if (job.target.kind === "outbound") {
      headers.set("x-pm-webhook-trace-id", job.traceId);
      if (job.attempt > 1) headers.set("x-pm-retries-remaining", String(retryDelays.outbound.length - (job.attempt - 1)));
    }
    return headers;
  }

  function finish(job: Job): void {
    if (job.timer !== undefined) clearTimeout(job.timer);
    if (jobs.delete(job)) queuedBytes -= job.body.length;
    if (dropped > 0 && jobs.size < queueLimit && queuedBytes < maxQueuedBytes) {
      options.log?.(`webhook queue has room again: ${dropped} post${dropped === 1 ? " was" : "s were"} dropped while it was full`);
      dropped = 0;
    }
    // A slot came free: more posts may be waiting in the shared queue.
    if (shared && job.queued !== undefined) schedulePump(0);
    if (jobs.size === 0) {
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    }
  }

  function dropAll(): void {
    lifetime.abort();
    queue.clear();
    for (const job of [...jobs]) finish(job);
    lifetime = new AbortController();
  }

  return {
    handle,
    deliveries: (filter) => log.list(filter),
    listDeliveries: async (filter) => (shared ? shared.log.list(filter) : log.list(filter)),
    clear() {
      dropAll();
      log.clear();
    },
    async reset() {
      dropAll();
      log.clear();
      if (shared) await Promise.all([shared.queue.clear(), shared.log.clear()]);
    },
    async close() {
      closed = true;
      stopWaking?.();
      if (pumpTimer !== undefined) clearTimeout(pumpTimer);
      dropAll();
      await Promise.allSettled([...inFlight]);
    },
    idle() {
      if (jobs.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}

function logLine(entry: WebhookDelivery, delay: number | undefined): string {
  const answer = entry.Status === null ? `no answer (${entry.Error ?? "unknown error"})` : String(entry.Status);
  const next = delay === undefined ? "" : `, next in ${formatDelay(delay)}`;
  return `webhook ${entry.RecordType} POST ${entry.Url} ${answer} ${entry.DurationMs}ms (attempt ${entry.Attempt}, ${entry.Outcome}${next})`;
}

function formatDelay(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  return `${Math.round(ms / 6_000) / 10}min`;
}
