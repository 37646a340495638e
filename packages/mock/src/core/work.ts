// A unit of work of the emulator: what every rule needs while it changes state (the store's
// transaction, the clock, ids, the settings) and where it reports what happened. Events and
// notices are held until the unit's writes are committed, so nothing outside the core hears of a
// change that was then undone.
import type { EmulatorEvent } from "./events.js";
import type { Transaction } from "./store/store.js";
import { postmarkTimestamp } from "./time.js";

export interface EmulatorSettings {
  /** refuse `From` addresses without a confirmed sender signature or verified domain (ErrorCode 400) */
  strictSenders: boolean;
  /** the most outbound messages kept per server; the oldest go first */
  maxMessagesPerServer: number;
  /** the most outbound messages kept over all servers (none when absent); the oldest go first */
  maxTotalMessages?: number | undefined;
  /**
   * how long mail is kept, in milliseconds (none when absent): older messages, bounces, opens,
   * clicks and inbound mail go, and so do servers no request named for that long that hold nothing
   */
  maxAgeMs?: number | undefined;
  /**
   * whether `DELETE /servers/{serverid}` works. Postmark turns API deletion of servers on per
   * account, on request; the local account has it on unless this is false (then ErrorCode 604).
   */
  allowServerDeletion: boolean;
}

/** What a listener hears once a unit of work is committed: a message stored, an event recorded, a reset. */
export type EmulatorNotice =
  | { type: "sent"; serverId: number; messageId: string }
  | { type: "event"; event: EmulatorEvent }
  | { type: "changed"; serverId: number; messageId: string }
  | { type: "reset"; serverId?: number };

export interface Work {
  tx: Transaction;
  settings: EmulatorSettings;
  /** the moment the work is done at */
  now: Date;
  /** `now` as Postmark writes it */
  timestamp: string;
  uuid(): string;
  /**
   * A new id for a record of this kind (server, template, bounce, …). Every kind draws from one
   * sequence that starts high, so ids look like Postmark's (eight digits and more), no two records
   * of the emulator share one, none is handed out twice, and a small id such as 1 or 123, which
   * clients' "unknown id" tests use, names nothing. The store keeps the sequence, so ids stay
   * unique across restarts wherever state is kept.
   */
  nextId(kind: string): Promise<number>;
  /** records an event (delivery, bounce, open, …) for webhooks and the mock's own API */
  emit(event: EmulatorEvent): void;
  /** tells listeners something (a message stored, changed, a reset) once the work is committed */
  notify(notice: EmulatorNotice): void;
}

export interface WorkServices {
  settings: EmulatorSettings;
  now(): Date;
  uuid(): string;
}

/** The one sequence every id is drawn from, and the id its first number stands for. */
const idSequence = "id";
const firstId = 20_000_000;

/** A unit of work over a transaction; its notices wait in `held` until the caller publishes them. */
export function startWork(tx: Transaction, services: WorkServices, held: EmulatorNotice[]): Work {
  const now = services.now();
  return {
    tx,
    settings: services.settings,
    now,
    timestamp: postmarkTimestamp(now),
    uuid: () => services.uuid(),
    nextId: async () => firstId + (await tx.nextId(idSequence)),
    emit: (event) => held.push({ type: "event", event }),
    notify: (notice) => held.push(notice),
  };
}
