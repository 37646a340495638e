// Tokens: checked once at construction, then put in the header that each operation's security
// names in the spec.
import { ConfigurationError, type RequestTarget } from "./errors.js";
import type { TokenOption } from "./generated/operations.js";

export const tokenHeaders: Readonly<Record<TokenOption, string>> = {
  serverToken: "X-Postmark-Server-Token",
  accountToken: "X-Postmark-Account-Token",
};

const tokenDescriptions: Readonly<Record<TokenOption, string>> = {
  serverToken: "a server token",
  accountToken: "an account token",
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
    throw new ConfigurationError({
      ...target,
      status: 0,
      errorCode: undefined,
      message: `${target.operationId ?? `${target.method} ${target.path}`} needs ${tokenDescriptions[option]}: pass \`${option}\` to createPostmarkClient().`,
    });
  }
  return [tokenHeaders[option], token];
}
