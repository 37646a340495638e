#!/usr/bin/env node
// `postmark-mock [--host H] [--port P] [--smtp-port P | --no-smtp] [--static | --dynamic] [--data DIR] [--max-total N] [--max-age AGE] [--strict-senders] [--webhook-retry-scale X] [--cors ORIGIN]… [--allowed-hosts NAMES] [--proxy URL [--record DIR] | --replay DIR] [--quiet]`.
// The flags and the environment are read and checked first (cli-options.ts), the server after.
import "./cli-require-node.js";
import type { PortInUseError as PortInUse, RunningMock } from "./http/server.js";
import { OptionError, readCliOptions, usage } from "./cli-options.js";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let request;
try {
  request = await readCliOptions(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof OptionError)) throw error;
  fail(error.message);
}
if (request.help) {
  console.log(usage);
  process.exit(0);
}

// The server and its engines load once every flag has been checked: a refused flag is answered
// without loading the emulator (a third of a second of CPU).
const [{ PortInUseError, startMockServer }, { StateFileError }, { DatabaseFileError }, { PrismMissingError }, { DatabaseError }] = await Promise.all([
  import("./http/server.js"),
  import("./http/persist.js"),
  import("./sqlite/sqlite-file.js"),
  import("./static/prism.js"),
  import("./postgres/index.js"),
]);

try {
  // Signals are taken from the start: one that arrives while the mock starts (after its start-up
  // line, say) stops it as soon as it is up, with exit code 0, instead of killing the process.
  let mock: RunningMock | undefined;
  let stopping = false;
  const stop = () => {
    stopping = true;
    if (mock) void mock.close().finally(() => process.exit(0));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, stop);
  mock = await startMockServer({ ...request.options, announce: (line) => console.log(line) });
  if (stopping) stop();
} catch (error) {
  if (error instanceof PortInUseError) fail(portAdvice(error));
  if (error instanceof StateFileError || error instanceof DatabaseFileError || error instanceof PrismMissingError || error instanceof OptionError || error instanceof DatabaseError) fail(error.message);
  throw error;
}

/** What to do about a taken port, naming the flag that moves it. */
function portAdvice(error: PortInUse): string {
  const flag = error.service === "HTTP" ? "--port" : "--smtp-port";
  const off = error.service === "SMTP" ? ", or start without SMTP with --no-smtp" : "";
  return `${error.message} Another program (or another local Postmark) listens there: choose another port with ${flag} <port> (0 picks a free one)${off}.`;
}
