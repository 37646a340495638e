// Everything the local Postmark keeps in PostgreSQL when several replicas share one database: the
// store (records, IDs, the change feed between replicas), the faults and the webhook queue and log.
import type { Faults } from "../control/faults.js";
import { createSharedFaultList } from "../control/faults.js";
import type { Store } from "../core/store/store.js";
import type { SharedWebhooks } from "../webhooks/shared.js";
import { openDatabase, type DatabaseOptions } from "./connect.js";
import { createPostgresStore } from "./postgres-store.js";
import { createFaultStore, createJobQueue, createSharedDeliveryLog } from "./shared-work.js";

export { DatabaseError, defaultSchema } from "./connect.js";

export interface SharedState {
  store: Store;
  faults: Faults;
  webhooks: SharedWebhooks;
  /** where the state is, without credentials: `postgres://host:5432/db, schema postmark_mock` */
  describe: string;
}

/** Connects (once: an unreachable database stops start-up), lays the schema out, and opens the state. */
export async function openSharedState(options: DatabaseOptions & { log?: (line: string) => void; maxLogEntries?: number }): Promise<SharedState> {
  const database = await openDatabase(options);
  const store = createPostgresStore({
    pool: database.pool,
    schema: database.schema,
    connectListener: database.connectListener,
    ...(options.log ? { log: options.log } : {}),
  });
  // A replica is ready once it hears the others: a send on another replica right after this one
  // answers must reach its live stream. The database answered a moment ago, so this is quick.
  await store.listening();
  return {
    store,
    faults: createSharedFaultList(createFaultStore(database.pool, database.schema)),
    webhooks: {
      queue: createJobQueue(database.pool, database.schema),
      log: createSharedDeliveryLog(database.pool, database.schema, options.maxLogEntries ?? 10_000),
      onJobs: (wake) => store.onJobs(wake),
    },
    describe: `${database.describe}, schema ${database.schema}`,
  };
}
