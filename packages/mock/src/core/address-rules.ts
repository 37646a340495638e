// Plain checks of one bare address or domain, for the APIs that take exactly that (suppressions,
// inbound rules). Sending parses full RFC 5322 address lists elsewhere.

const domainLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** A domain name of at least two labels, each of letters, digits and inner hyphens. */
export function isDomainName(text: string): boolean {
  if (text.length > 253) return false;
  const labels = text.split(".");
  return labels.length >= 2 && labels.every((label) => domainLabel.test(label)) && !/^\d+$/.test(labels[labels.length - 1] ?? "");
}

/** `local@domain`, with no spaces, brackets or quotes, and a real domain after the `@`. */
export function isEmailAddress(text: string): boolean {
  const at = text.lastIndexOf("@");
  if (at <= 0 || at !== text.indexOf("@")) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > 64 || /[\s<>()[\]\\,;:"]/.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")) return false;
  return isDomainName(domain);
}
