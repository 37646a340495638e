// Tells a failed connection apart from a fetch that refused to start. Runtimes reject with a
// TypeError in both cases (and undici sets a `cause` on both), so only the message can tell. A
// connection failure is worth another attempt; a refused call (wrong `this`, bad URL, bad header)
// fails the same way every time and points at the code or the configuration.

/**
 * What runtimes say when the connection failed or dropped: Node/undici ("fetch failed",
 * "terminated"), Chromium ("Failed to fetch"), Firefox ("NetworkError when attempting…"), Safari
 * ("Load failed", "…Internet connection appears to be offline"), Deno ("error sending request…"),
 * workerd ("Network connection lost"), React Native ("Network request failed"), and the words of
 * lower-level connection and TLS errors.
 */
const networkFailure = /fetch failed|terminated|failed to fetch|load failed|error sending request|network|connect|socket|timed out|tls|ssl|certificate/i;

/**
 * True when the request never got an answer from the network, false when fetch refused the call
 * itself. Only a TypeError can be a refused call: other errors (a DOMException, a runtime's own
 * connection error class) count as network failures.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof TypeError)) return true;
  return networkFailure.test(error.message);
}
