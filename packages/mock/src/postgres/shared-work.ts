// What replicas on one PostgreSQL share besides the records: the queue of webhook posts (each
// claimed by one replica with FOR UPDATE SKIP LOCKED and leased to it while it posts, so a replica
// that dies leaves its posts to the others once the lease runs out), the log of every attempt, and
// the faults set through the mock API (each request that meets one takes one of its Count, once
// across replicas).
import type { Pool } from "pg";
import type { FaultStore, StoredFault } from "../control/faults.js";
import type { ClaimedJob, JobQueue, SharedDeliveryLog } from "../webhooks/shared.js";
import type { DeliveryFilter, WebhookDelivery } from "../webhooks/delivery-log.js";
import { isConnectionFailure, unavailable } from "./errors.js";
import { quote } from "./layout.js";

/** Runs a query; a lost database becomes the 503 clients see. */
async function run(pool: Pool, sql: string, parameters: unknown[] = []): Promise<Record<string, unknown>[]> {
  try {
    return (await pool.query(sql, parameters)).rows as Record<string, unknown>[];
  } catch (error) {
    throw isConnectionFailure(error) ? unavailable(error) : error;
  }
}

export function createJobQueue(pool: Pool, schema: string): JobQueue {
  const jobs = `${quote(schema)}.webhook_jobs`;
  return {
    async claim(limit, now, leaseUntil) {
      const rows = await run(
        pool,
        `UPDATE ${jobs} SET due = $3, attempt = attempt + 1 WHERE id IN (SELECT id FROM ${jobs} WHERE due <= $1 ORDER BY due, id LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id, attempt, job`,
        [now, limit, leaseUntil],
      );
      return rows.map((row): ClaimedJob => ({ id: Number(row["id"]), attempt: Number(row["attempt"]), job: JSON.parse(row["job"] as string) }));
    },
    async finish(id) {
      await run(pool, `DELETE FROM ${jobs} WHERE id = $1`, [id]);
    },
    async retryAt(id, due) {
      await run(pool, `UPDATE ${jobs} SET due = $2 WHERE id = $1`, [id, due]);
    },
    async nextDue() {
      const [row] = await run(pool, `SELECT MIN(due)::text AS due FROM ${jobs}`);
      return row?.["due"] === null || row?.["due"] === undefined ? undefined : Number(row["due"]);
    },
    async clear() {
      await run(pool, `DELETE FROM ${jobs}`);
    },
  };
}

export function createSharedDeliveryLog(pool: Pool, schema: string, limit: number): SharedDeliveryLog {
  const table = `${quote(schema)}.webhook_deliveries`;
  let added = 0;
  return {
    async add(entry) {
      const [row] = await run(pool, `INSERT INTO ${table} (server_id, message_id, record_type, entry) VALUES ($1, $2, $3, $4) RETURNING id`, [
        entry.ServerID,
        entry.MessageID,
        entry.RecordType,
        JSON.stringify(entry),
      ]);
      // Trimmed now and then, a tenth over the limit at most.
      if (++added % Math.max(1, Math.ceil(limit / 10)) === 0) await run(pool, `DELETE FROM ${table} WHERE id <= (SELECT MAX(id) FROM ${table}) - $1`, [limit]);
      return { ID: Number(row!["id"]), ...entry };
    },
    async list(filter: DeliveryFilter = {}) {
      const clauses = [`id > (SELECT COALESCE(MAX(id), 0) FROM ${table}) - $1`];
      const parameters: unknown[] = [limit];
      if (filter.messageId !== undefined) clauses.push(`message_id = $${parameters.push(filter.messageId)}`);
      if (filter.serverId !== undefined) clauses.push(`server_id = $${parameters.push(filter.serverId)}`);
      if (filter.recordType !== undefined) clauses.push(`record_type = $${parameters.push(filter.recordType)}`);
      const rows = await run(pool, `SELECT id, entry FROM ${table} WHERE ${clauses.join(" AND ")} ORDER BY id DESC`, parameters);
      return rows.map((row): WebhookDelivery => ({ ...(JSON.parse(row["entry"] as string) as Omit<WebhookDelivery, "ID">), ID: Number(row["id"]) }));
    },
    async clear() {
      await run(pool, `DELETE FROM ${table}`);
    },
  };
}

export function createFaultStore(pool: Pool, schema: string): FaultStore {
  const table = `${quote(schema)}.faults`;
  const sequence = `${quote(schema)}."seq_fault"`;
  return {
    async load() {
      const rows = await run(pool, `SELECT id, remaining, fault FROM ${table} WHERE remaining > 0 ORDER BY id`);
      return rows.map((row): StoredFault => ({ ...(JSON.parse(row["fault"] as string) as StoredFault), ID: Number(row["id"]), Remaining: Number(row["remaining"]) }));
    },
    async insert(fault) {
      const [row] = await run(pool, `SELECT nextval('${sequence.replace(/'/g, "''")}')::bigint AS id`);
      const id = Number(row!["id"]);
      await run(pool, `INSERT INTO ${table} (id, remaining, fault) VALUES ($1, $2, $3)`, [id, fault.Remaining, JSON.stringify(fault)]);
      return { ...fault, ID: id };
    },
    async consume(id) {
      const rows = await run(pool, `UPDATE ${table} SET remaining = remaining - 1 WHERE id = $1 AND remaining > 0 RETURNING remaining`, [id]);
      if (rows.length === 0) return false;
      if (Number(rows[0]!["remaining"]) <= 0) await run(pool, `DELETE FROM ${table} WHERE id = $1 AND remaining <= 0`, [id]);
      return true;
    },
    async clear() {
      await run(pool, `DELETE FROM ${table}`);
    },
  };
}
