// The PostgreSQL engine passes the storage API's conformance suite, on the run's real PostgreSQL:
// each store opened gets a schema of its own, and opening one again keeps what it held.
import { inject } from "vitest";
import { describeStoreConformance } from "../../test/store-conformance.js";
import type { Store } from "../core/store/store.js";
import { openDatabase } from "./connect.js";
import { createPostgresStore } from "./postgres-store.js";

const schemas = new WeakMap<Store, string>();
let opened = 0;

async function open(schema: string): Promise<Store> {
  const database = await openDatabase({ url: inject("postgresUrl"), schema, poolSize: 4 });
  const store = createPostgresStore({ pool: database.pool, schema: database.schema });
  schemas.set(store, schema);
  return store;
}

describeStoreConformance("PostgreSQL", {
  open: () => open(`conformance_${process.pid}_${++opened}`),
  reopen: (store) => open(schemas.get(store)!),
});
