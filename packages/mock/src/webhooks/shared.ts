// Webhooks when several replicas share one database: the posts an event needs are queued in the
// database with the change that caused them, any replica claims them (each post by one replica at
// a time, leased to it while it posts), and every attempt goes to one log all replicas read.
import type { EmulatorEvent, WebhookPost } from "../core/events.js";
import type { DeliveryFilter, WebhookDelivery } from "./delivery-log.js";

/** One post as it waits in the shared queue. */
export interface QueuedPost {
  event: EmulatorEvent;
  post: WebhookPost;
  /** the same on every attempt, so a receiver can tell a retry from a new event */
  traceId: string;
}

export interface ClaimedJob {
  id: number;
  /** 1 for the first attempt */
  attempt: number;
  job: QueuedPost;
}

export interface JobQueue {
  /** up to `limit` posts due at `now`, leased to this replica until `leaseUntil` */
  claim(limit: number, now: number, leaseUntil: number): Promise<ClaimedJob[]>;
  /** the post is done with (delivered, failed or given up) */
  finish(id: number): Promise<void>;
  /** tried and to be tried again at `due` (by any replica) */
  retryAt(id: number, due: number): Promise<void>;
  /** when the next post is due, leases included; undefined when none waits */
  nextDue(): Promise<number | undefined>;
  clear(): Promise<void>;
}

export interface SharedDeliveryLog {
  add(entry: Omit<WebhookDelivery, "ID">): Promise<WebhookDelivery>;
  /** newest first */
  list(filter?: DeliveryFilter): Promise<WebhookDelivery[]>;
  clear(): Promise<void>;
}

export interface SharedWebhooks {
  queue: JobQueue;
  log: SharedDeliveryLog;
  /** calls `wake` when posts may be waiting (another replica queued some); returns a function that stops it */
  onJobs(wake: () => void): () => void;
}
