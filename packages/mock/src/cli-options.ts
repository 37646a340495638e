// The command line's flags, read and checked before anything heavy loads: a refused flag is
// answered without loading the emulator, and each refusal can be checked in-process
// (cli-options.test.ts) instead of in a process of its own. Flags win over MOCK_HOST, MOCK_PORT,
// MOCK_MODE, MOCK_DYNAMIC and POSTMARK_MOCK_DATABASE_URL.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { definedFields } from "./defined-fields.js";
import type { MockMode, MockOptions } from "./http/server.js";
import { allowedHostNames, corsOrigins, OptionError } from "./http/guard.js";
import { checkPassThroughOptions } from "./proxy/pass-through-options.js";

export { OptionError };

export const usage = `Usage: postmark-mock [options]

  --host <host>          address to listen on (default 127.0.0.1, or MOCK_HOST)
  --port <port>          port to listen on (default 4010, or MOCK_PORT; 0 picks a free one)
  --smtp-port <port>     SMTP port on the same host (default 2525; 0 picks a free one; with
                         --port 0 and no --smtp-port, a free one too)
  --no-smtp              no SMTP listener
  --smtp-tls-cert <file> --smtp-tls-key <file>
                         the certificate (PEM) STARTTLS presents (default: a self-signed one
                         for localhost, made at start)
  --static               answer with the spec's documented examples instead of emulating Postmark
  --dynamic              answer with data generated from the spec's schemas
  --data <dir>           keep the emulator's state in <dir>/postmark.db (SQLite) across restarts;
                         every answered change is on disk before its answer
  --database <url>       keep all state in PostgreSQL (postgres://user:password@host:5432/db, or
                         POSTMARK_MOCK_DATABASE_URL); replicas on one database share it
  --database-schema <name>
                         the schema holding this local Postmark (default postmark_mock)
  --strict-senders       refuse From addresses without a sender signature or domain (ErrorCode 400)
  --max-messages <n>     outbound messages kept per server (default 10000)
  --max-total <n>        outbound messages kept over all servers (default: no limit)
  --max-age <age>        how long mail is kept, e.g. 45d, 12h, 30m (default: no limit);
                         servers unused that long that hold nothing are dropped too
  --webhook-retry-scale <x>
                         multiply Postmark's webhook retry schedule by x (default 1; 0.001 for tests)
  --webhook-concurrency <n>
                         webhook posts running at once, over all receivers (default 32)
  --webhook-concurrency-per-target <n>
                         webhook posts running at once to one receiver (default 8)
  --webhook-queue <n>    webhook posts kept waiting or retrying (default 10000); more are dropped
  --cors <origin>        let pages on this origin read the mock's answers (CORS), e.g.
                         http://localhost:5173; repeat it or separate origins with commas;
                         '*' for any origin (Postmark sends no CORS headers)
  --allowed-hosts <names>
                         host names to answer besides its address, IP addresses, localhost and
                         *.localhost, comma-separated (.example.test takes its subdomains);
                         'all' answers any host name
  --proxy <base-url>     forward Postmark's API to the real one (https://api.postmarkapp.com) unchanged
                         and report where requests and answers differ from the spec ('mismatch' in
                         the log, GET /__mock/api/proxy/mismatches)
  --record <dir>         with --proxy: write each exchange to <dir> as a cassette (tokens and
                         personal addresses redacted)
  --replay <dir>         answer Postmark's API from the cassettes in <dir>
  --spec <file>          serve another bundled spec (JSON)
  --quiet                no request log (the start-up line with the URLs is still printed)
  --help                 this text`;

/** A variable of the environment, unless it is unset or empty. */
const fromEnv = (env: Record<string, string | undefined>, name: string): string | undefined => (env[name] ? env[name] : undefined);

/** A port written in decimal digits, 0 to 65535 (0 picks a free one); `source` names the flag or variable. */
function portNumber(source: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new OptionError(`Invalid ${source}: ${JSON.stringify(text)} (a port from 0 to 65535; 0 picks a free one)`);
  return port;
}

/** What the command line asks for: the usage text, or a mock started with these options. */
export type CliRequest = { help: true } | { help: false; options: Omit<MockOptions, "announce"> };

/** Reads and checks the flags (`argv` without node and the script) and the environment; throws OptionError, with the message to print, for a refused one. */
export async function readCliOptions(argv: string[], env: Record<string, string | undefined>): Promise<CliRequest> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        "smtp-port": { type: "string" },
        "no-smtp": { type: "boolean" },
        "smtp-tls-cert": { type: "string" },
        "smtp-tls-key": { type: "string" },
        static: { type: "boolean" },
        dynamic: { type: "boolean" },
        data: { type: "string" },
        database: { type: "string" },
        "database-schema": { type: "string" },
        "strict-senders": { type: "boolean" },
        "max-messages": { type: "string" },
        "max-total": { type: "string" },
        "max-age": { type: "string" },
        "webhook-retry-scale": { type: "string" },
        "webhook-concurrency": { type: "string" },
        "webhook-concurrency-per-target": { type: "string" },
        "webhook-queue": { type: "string" },
        cors: { type: "string", multiple: true },
        "allowed-hosts": { type: "string", multiple: true },
        spec: { type: "string" },
        proxy: { type: "string" },
        record: { type: "string" },
        replay: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    const message = (error as Error).message;
    if (/'--cors\b/.test(message)) throw new OptionError(`--cors takes one or more origins: --cors http://localhost:5173 (or --cors '*' for any origin).\n\n${usage}`);
    throw new OptionError(`${message}\n\n${usage}`);
  }
  if (values.help) return { help: true };

  // An empty variable counts as unset (`MOCK_PORT=` in a compose file); an empty flag is refused.
  const envPort = fromEnv(env, "MOCK_PORT");
  const port = values.port !== undefined ? portNumber("--port", values.port) : envPort !== undefined ? portNumber("MOCK_PORT", envPort) : 4010;
  if (values.host === "") throw new OptionError("--host takes a host name or an address (127.0.0.1, or 0.0.0.0 for every interface).");
  const maxMessages = wholeNumber("max-messages", values["max-messages"]);
  const maxTotal = wholeNumber("max-total", values["max-total"]);
  const maxAge = values["max-age"] === undefined ? undefined : parseAge(values["max-age"]);
  const retryScale = values["webhook-retry-scale"] === undefined ? undefined : Number(values["webhook-retry-scale"]);
  if (retryScale !== undefined && !(Number.isFinite(retryScale) && retryScale >= 0)) throw new OptionError(`Invalid --webhook-retry-scale: ${values["webhook-retry-scale"]}`);
  const concurrency = wholeNumber("webhook-concurrency", values["webhook-concurrency"]);
  const concurrencyPerTarget = wholeNumber("webhook-concurrency-per-target", values["webhook-concurrency-per-target"]);
  const queueLimit = wholeNumber("webhook-queue", values["webhook-queue"]);
  if (values.static && values.dynamic) throw new OptionError("Choose one of --static and --dynamic.");
  if (values["no-smtp"] && values["smtp-port"] !== undefined) throw new OptionError("Choose one of --smtp-port and --no-smtp.");
  const smtpPort = values["smtp-port"] === undefined ? undefined : portNumber("--smtp-port", values["smtp-port"]);
  if (Boolean(values["smtp-tls-cert"]) !== Boolean(values["smtp-tls-key"])) throw new OptionError("--smtp-tls-cert and --smtp-tls-key go together: give both files (PEM).");
  const smtpTls = values["smtp-tls-cert"] && values["smtp-tls-key"] ? { cert: readPem("smtp-tls-cert", values["smtp-tls-cert"]), key: readPem("smtp-tls-key", values["smtp-tls-key"]) } : undefined;
  const envMode = fromEnv(env, "MOCK_MODE") ?? (["1", "true"].includes(env["MOCK_DYNAMIC"] ?? "") ? "dynamic" : undefined);
  const mode: MockMode = values.static ? "static" : values.dynamic ? "dynamic" : envMode === "static" || envMode === "dynamic" ? envMode : "emulator";

  const database = values.database ?? fromEnv(env, "POSTMARK_MOCK_DATABASE_URL");
  if (database && values.data) throw new OptionError("Choose one of --data and --database.");
  if (values["database-schema"] !== undefined && !database) throw new OptionError("--database-schema goes with --database (or POSTMARK_MOCK_DATABASE_URL).");

  // The origins and host names are checked by the server's own rules, and so are the proxy's
  // flags (light modules, which throw OptionError).
  const cors = values.cors?.flatMap(splitList);
  const allowedHosts = values["allowed-hosts"]?.flatMap(splitList);
  if (cors) corsOrigins(cors);
  if (allowedHosts) allowedHostNames(allowedHosts);
  checkPassThroughOptions({ proxy: values.proxy, recordDir: values.record, replayDir: values.replay }, mode);
  if (database) {
    const { checkDatabaseUrl, checkSchemaName, DatabaseError } = await import("./postgres/connect.js");
    try {
      checkDatabaseUrl(database);
      if (values["database-schema"] !== undefined) checkSchemaName(values["database-schema"]);
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      throw new OptionError(error.message);
    }
  }

  return {
    help: false,
    options: {
      host: values.host ?? fromEnv(env, "MOCK_HOST") ?? "127.0.0.1",
      port,
      mode,
      // SMTP on 2525 as the apps expect it, or on a free port beside a free HTTP port.
      smtpPort: values["no-smtp"] ? false : (smtpPort ?? (port === 0 ? 0 : 2525)),
      // The rest only when given (an empty path or an absent switch keeps the server's default).
      ...definedFields({
        smtpTls,
        dataDir: values.data || undefined,
        database: database || undefined,
        databaseSchema: values["database-schema"],
        strictSenders: values["strict-senders"] || undefined,
        maxMessagesPerServer: maxMessages,
        maxTotalMessages: maxTotal,
        maxAgeMs: maxAge,
        webhookRetryScale: retryScale,
        webhookConcurrency: concurrency,
        webhookConcurrencyPerTarget: concurrencyPerTarget,
        webhookQueueLimit: queueLimit,
        cors,
        allowedHosts,
        specPath: values.spec || undefined,
        proxy: values.proxy,
        recordDir: values.record,
        replayDir: values.replay,
        quiet: values.quiet || undefined,
      }),
    },
  };
}

/** A flag's value as a whole number of 1 or more, or undefined when the flag is absent. */
function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new OptionError(`Invalid --${flag}: ${text} (a whole number of 1 or more)`);
  return value;
}

/** A PEM file's text, or the CLI's error naming the flag. */
function readPem(flag: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new OptionError(`--${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** An age such as 45d, 12h, 30m or 90s, in milliseconds. */
function parseAge(text: string): number {
  const units: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
  const match = /^(\d+)\s*([dhms])$/i.exec(text.trim());
  if (!match || Number(match[1]) < 1) throw new OptionError(`Invalid --max-age: ${text} (a whole number with d, h, m or s, e.g. 45d)`);
  return Number(match[1]) * units[match[2]!.toLowerCase()]!;
}

function splitList(value: string): string[] {
  return value.split(",").map((item) => item.trim()).filter((item) => item !== "");
}
