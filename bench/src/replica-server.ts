// One replica of the mock on PostgreSQL, in its own process, for the replica benchmark:
// `node replica-server.js <database url> <schema>`. It sends the parent its URL, and answers each
// "cpu" message with its CPU seconds so far.
import { startMockServer } from "@postmark-openapi/mock";

const [database = "", databaseSchema = "bench"] = process.argv.slice(2);
const mock = await startMockServer({ port: 0, quiet: true, database, databaseSchema, maxMessagesPerServer: 10_000_000 });
process.send?.({ url: mock.url });
process.on("message", (message) => {
  if (message !== "cpu") return;
  const { user, system } = process.cpuUsage();
  process.send?.({ cpuSeconds: (user + system) / 1e6 });
});
const stop = (): void => {
  void mock.close().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("disconnect", stop);
