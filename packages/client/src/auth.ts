// Tokens: checked once when a client is made, then put in the header that each operation's security
// names in the spec.
import { ConfigurationError, callError, type RequestTarget } from "./errors.js";
import type { TokenOption } from "./generated/operations.js";

/** The header of each token (`X-Postmark-Server-Token`, `X-Postmark-Account-Token`), in lower case as requests carry their names. */
export const tokenHeaders: Readonly<Record<TokenOption, string>> = {
  serverToken: "x-postmark-server-token",
  accountToken: "x-postmark-account-token",
};

export type Tokens = Partial<Record<TokenOption, string>>;

/** Rejects tokens that cannot be sent safely. The message never repeats the token. */
export function checkTokens(tokens: Tokens): Tokens {
  const checked: Tokens = {};
  for (const option of Object.keys(tokenHeaders) as TokenOption[]) {
    const token = tokens[option];
    if (token === undefined) continue;
    if (typeof token !== "string") throw new TypeError(`${option} must be a string`);
    if (token.trim() === "") throw new TypeError(`${option} is empty: pass a Postmark token or leave the option out`);
    // A CR or LF would let the value inject extra headers.
    if (/[\r\n]/.test(token)) throw new TypeError(`${option} contains a line break (CR or LF); check how the token was read`);
    checked[option] = token.trim();
  }
  return checked;
}

/** The header name and value for an operation, or a ConfigurationError before anything is sent. */
export function authHeaderFor(option: TokenOption, tokens: Tokens, target: RequestTarget): [string, string] {
  const token = tokens[option];
  if (token === undefined) {
    const kind = option === "serverToken" ? "a server" : "an account";
    throw callError(ConfigurationError, target, `${target.operationId} needs ${kind} token: pass \`${option}\` when you create the client.`);
  }
  return [tokenHeaders[option], token];
}
