// The command line's flags and environment, read and checked in-process: every refusal names the
// flag and what is wrong with it (and never a database's credentials), and accepted flags become
// the mock's options. cli.test.ts runs the command itself, for what only a process shows.
import { describe, expect, it } from "vitest";
import { OptionError, readCliOptions, usage } from "./cli-options.js";

/** The refusal of these flags (after `--port 0`) with no environment, or a failure when they are taken. */
async function refusal(args: string[]): Promise<OptionError> {
  const outcome = await readCliOptions(["--port", "0", ...args], {}).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof OptionError)) throw new Error(`${JSON.stringify(args)} was not refused with an OptionError: ${String(outcome)}`);
  return outcome;
}

describe("readCliOptions refuses", () => {
  it.each([
    [["--webhook-retry-scale=-1"], "Invalid --webhook-retry-scale: -1"],
    [["--webhook-retry-scale=fast"], "Invalid --webhook-retry-scale: fast"],
    [["--cors"], "--cors takes one or more origins"],
    [["--cors", "localhost:5173"], "--cors takes origins such as http://localhost:5173"],
    [["--cors", "http://localhost:5173/app"], "without a path"],
    [["--allowed-hosts", "http://postmark"], "--allowed-hosts takes host names"],
    [["--webhook-concurrency", "0"], "Invalid --webhook-concurrency: 0"],
    [["--webhook-concurrency-per-target", "many"], "Invalid --webhook-concurrency-per-target: many"],
    [["--webhook-queue", "1.5"], "Invalid --webhook-queue: 1.5"],
    [["--smtp-port", "mail"], 'Invalid --smtp-port: "mail" (a port from 0 to 65535; 0 picks a free one)'],
    [["--smtp-port", "70000"], 'Invalid --smtp-port: "70000"'],
    [["--smtp-port", ""], 'Invalid --smtp-port: ""'],
    [["--no-smtp", "--smtp-port", "2525"], "Choose one of --smtp-port and --no-smtp."],
    [["--smtp-tls-cert", "cert.pem"], "--smtp-tls-cert and --smtp-tls-key go together"],
    [["--smtp-tls-cert", "missing-cert.pem", "--smtp-tls-key", "missing-key.pem"], "--smtp-tls-cert: cannot read missing-cert.pem (ENOENT)"],
    [["--max-total", "0"], "Invalid --max-total: 0"],
    [["--max-age", "45 days"], "Invalid --max-age: 45 days"],
    [["--max-messages", "0"], "Invalid --max-messages: 0"],
    [["--static", "--dynamic"], "Choose one of --static and --dynamic."],
    [["--port", "65536"], 'Invalid --port: "65536" (a port from 0 to 65535; 0 picks a free one)'],
    [["--port", ""], 'Invalid --port: ""'],
    [["--port", "0x10"], 'Invalid --port: "0x10"'],
    [["--port", "4010.0"], 'Invalid --port: "4010.0"'],
    [["--host", ""], "--host takes a host name or an address"],
    [["--record", "cassettes"], "--record needs --proxy"],
    [["--proxy", "ftp://api.postmarkapp.com"], "--proxy takes an http or https URL"],
    [["--proxy", "https://api.postmarkapp.com", "--replay", "cassettes"], "Choose one of --proxy and --replay"],
    [["--proxy", "https://api.postmarkapp.com", "--static"], "--proxy cannot be combined with --static"],
    [["--replay", "/nonexistent/cassettes"], "Cannot read the cassettes in /nonexistent/cassettes"],
    [["--no-such-flag"], "Unknown option '--no-such-flag'"],
  ])("%j", async (args, message) => {
    expect((await refusal(args)).message).toContain(message);
  });

  it("an unknown or malformed flag with the usage text", async () => {
    expect((await refusal(["--no-such-flag"])).message).toContain(usage);
  });

  it.each([
    [["--database", "mysql://cli-user:cli-secret-word@127.0.0.1/postmark"], "Invalid --database URL: it starts with mysql://"],
    [["--database", "postgres://cli-user:cli-secret-word@127.0.0.1:1/postmark", "--database-schema", "no-dashes"], 'Invalid --database-schema "no-dashes"'],
    [["--database", "postgres://cli-user:cli-secret-word@127.0.0.1:1/postmark", "--data", ".state"], "Choose one of --data and --database."],
    [["--database-schema", "alone"], "--database-schema goes with --database"],
  ])("%j with a clear message and no credentials", async (args, message) => {
    const { message: text } = await refusal(args);
    expect(text).toContain(message);
    expect(text).not.toContain("cli-secret-word");
    expect(text).not.toContain("cli-user");
  });
});

describe("readCliOptions reads", () => {
  it("the defaults: 127.0.0.1:4010, the emulator, SMTP on 2525", async () => {
    expect(await readCliOptions([], {})).toEqual({ help: false, options: { host: "127.0.0.1", port: 4010, mode: "emulator", smtpPort: 2525 } });
  });

  it("--help", async () => {
    expect(await readCliOptions(["--help"], {})).toEqual({ help: true });
  });

  it("the environment, under the flags", async () => {
    const env = { MOCK_HOST: "0.0.0.0", MOCK_PORT: "4100", MOCK_MODE: "static", POSTMARK_MOCK_DATABASE_URL: "postgres://127.0.0.1:5432/postmark" };
    expect(await readCliOptions([], env)).toMatchObject({ options: { host: "0.0.0.0", port: 4100, mode: "static", database: env.POSTMARK_MOCK_DATABASE_URL } });
    expect(await readCliOptions(["--port", "4200", "--dynamic", "--host", "127.0.0.2"], env)).toMatchObject({ options: { host: "127.0.0.2", port: 4200, mode: "dynamic" } });
    expect(await readCliOptions([], { MOCK_DYNAMIC: "true" })).toMatchObject({ options: { mode: "dynamic" } });
  });

  it("an empty MOCK_HOST or MOCK_PORT as unset (`MOCK_PORT=` in a compose file): loopback and 4010, never every interface or a random port", async () => {
    expect(await readCliOptions([], { MOCK_HOST: "", MOCK_PORT: "" })).toMatchObject({ options: { host: "127.0.0.1", port: 4010 } });
  });

  it("a MOCK_PORT that is not a port as a refusal naming the variable", async () => {
    const outcome = await readCliOptions([], { MOCK_PORT: "http" }).catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(OptionError);
    expect((outcome as Error).message).toContain('Invalid MOCK_PORT: "http"');
  });

  it("SMTP beside a free HTTP port on a free port too, or none", async () => {
    expect(await readCliOptions(["--port", "0"], {})).toMatchObject({ options: { port: 0, smtpPort: 0 } });
    expect(await readCliOptions(["--port", "0", "--smtp-port", "2626"], {})).toMatchObject({ options: { smtpPort: 2626 } });
    expect(await readCliOptions(["--no-smtp"], {})).toMatchObject({ options: { smtpPort: false } });
  });

  it("lists split at commas, bounds and ages", async () => {
    const read = await readCliOptions(
      ["--cors", "http://localhost:5173, http://localhost:3000", "--cors", "http://app.localhost:8080", "--allowed-hosts", "postmark,.example.test", "--max-age", "12h", "--max-total", "500", "--webhook-retry-scale", "0.001", "--quiet"],
      {},
    );
    expect(read).toMatchObject({
      options: {
        cors: ["http://localhost:5173", "http://localhost:3000", "http://app.localhost:8080"],
        allowedHosts: ["postmark", ".example.test"],
        maxAgeMs: 12 * 3_600_000,
        maxTotalMessages: 500,
        webhookRetryScale: 0.001,
        quiet: true,
      },
    });
  });
});
