// What a cassette may not keep: tokens and personal addresses. Token headers, fields that hold
// secrets (`ApiTokens`, `Password`, `InboundHash`), credentials in URLs and any text equal to the
// request's tokens become "[redacted]"; an email address becomes a placeholder made from a hash of
// it, so the same address is always the same placeholder (and a replayed request, redacted the
// same way, finds its recording). Addresses on documentation and test domains (example.com,
// *.test, Postmark's bounce-testing domain …) are kept: they are nobody's. Portable: the hash is
// given by the adapter.

export const redacted = "[redacted]";

/** Header names whose values are secrets, in lower case. */
const secretHeaders = new Set(["x-postmark-server-token", "x-postmark-account-token", "authorization", "proxy-authorization", "cookie", "set-cookie"]);
/** Body fields whose values are secrets, at any depth. */
const secretFields = new Set(["apitokens", "password", "inboundhash"]);

const emailPattern = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})/g;
const keptDomain = /(^|\.)(example\.(com|org|net)|example|test|invalid|localhost|bounce-testing\.postmarkapp\.com)$/i;
const urlCredentials = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(?::[^\s/@]*)?@/gi;

export interface Redactor {
  /** a text with addresses, URL credentials and the secrets replaced */
  text(value: string): string;
  /** a JSON value with the same done to every string, and secret fields replaced */
  json(value: unknown): unknown;
  headers(headers: Record<string, string | undefined>): Record<string, string>;
}

/**
 * `hash` turns an address (in lower case) into a short stable text; `secrets` are the values the
 * exchange must not show anywhere (its tokens).
 */
export function createRedactor(hash: (address: string) => string, secrets: readonly string[] = []): Redactor {
  const known = secrets.filter((secret) => secret.length >= 4);
  const text = (value: string): string => {
    let result = value;
    for (const secret of known) result = result.split(secret).join(redacted);
    result = result.replace(urlCredentials, (_match, scheme: string) => `${scheme}${redacted}@`);
    return result.replace(emailPattern, (address, domain: string) => (keptDomain.test(domain) ? address : `person-${hash(address.toLowerCase())}@redacted.invalid`));
  };
  const json = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(json);
    if (value && typeof value === "object") {
      const copy: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value)) {
        const secret = secretFields.has(key.toLowerCase()) && field !== null;
        Object.defineProperty(copy, text(key), { value: secret ? (Array.isArray(field) ? field.map(() => redacted) : redacted) : json(field), enumerable: true, writable: true, configurable: true });
      }
      return copy;
    }
    return value;
  };
  return {
    text,
    json,
    headers(headers) {
      const copy: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) copy[name] = secretHeaders.has(name.toLowerCase()) ? redacted : text(value);
      return copy;
    },
  };
}
