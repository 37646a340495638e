#!/usr/bin/env node
// `npm run mock` / `postmark-mock [--host H] [--port P] [--dynamic] [--spec FILE] [--quiet]`.
// Flags win over MOCK_HOST, MOCK_PORT and MOCK_DYNAMIC.
import { parseArgs } from "node:util";
import { startMockServer } from "./server.js";

const { values } = parseArgs({
  options: {
    host: { type: "string" },
    port: { type: "string" },
    dynamic: { type: "boolean" },
    spec: { type: "string" },
    quiet: { type: "boolean" },
    help: { type: "boolean" },
  },
});

if (values.help) {
  console.log("Usage: postmark-mock [--host 127.0.0.1] [--port 4010] [--dynamic] [--spec openapi.json] [--quiet]");
  process.exit(0);
}

const port = Number(values.port ?? process.env.MOCK_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? process.env.MOCK_PORT}`);
  process.exit(2);
}

const mock = await startMockServer({
  host: values.host ?? process.env.MOCK_HOST ?? "127.0.0.1",
  port,
  dynamic: values.dynamic ?? ["1", "true"].includes(process.env.MOCK_DYNAMIC ?? ""),
  specPath: values.spec,
  quiet: values.quiet,
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    mock.close().finally(() => process.exit(0));
  });
}
