// What a lost database looks like to a client of the local Postmark: a 503 in Postmark's shape,
// saying the database is unreachable, for as long as it is (the pool connects again by itself).
// Messages name the database by host, port and name only: never its user or password.
import { StoreFailure } from "../core/store/store.js";
import { PostmarkError } from "../protocol/errors.js";

/** Postmark's ErrorCode for "the service is not available right now" (its 503). */
const unavailableCode = 100;

const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);
// SQLSTATE: connection exceptions (08…), the server shutting down or starting up (57P01–57P03).
const serverCodes = /^(08...|57P0[123])$/;

/** Whether an error means the database cannot be reached now (as opposed to a bad query). */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (networkCodes.has(code) || serverCodes.test(code))) return true;
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed/i.test(error.message);
}

/** The answer while the database is away: clients retry, as they would with Postmark's 503. */
export function unavailable(cause: unknown): PostmarkError {
  const reason = cause instanceof Error ? ((cause as { code?: string }).code ?? "connection lost") : "connection lost";
  return new PostmarkError(503, unavailableCode, `The local Postmark cannot reach its PostgreSQL database (${reason}); retry once it is back.`, { "retry-after": "1" });
}

/** A database URL without its user and password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "the database URL given (it is not a valid URL)";
  }
}

// SQLSTATE: the database could not keep a write (a full disk, no memory, too many files, a
// standby or a read-only transaction), as opposed to a bad query or a lost connection.
const writeFailures: Record<string, string> = {
  "53100": "the disk holding the database is full",
  "53200": "the database ran out of memory",
  "53300": "the database has no connection to spare",
  "25006": "the database takes no writes (read-only)",
  "58030": "the database failed to read or write its files",
};

/** The database refusing a write as the emulator reports it (a 500), or the error as it is. */
export function storeFailureOf(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const why = typeof code === "string" ? writeFailures[code] : undefined;
  if (!why) return error;
  return new StoreFailure(`The local Postmark could not keep this change: ${why} (${code}). Nothing of this request was kept; what was stored before is intact.`);
}
