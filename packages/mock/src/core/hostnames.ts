// Domain names and the domain part of addresses, as the account's domains and sender signatures
// check them. Comparisons ignore case, as DNS does.

/** A host name: dot-separated labels of letters, digits and inner hyphens, at least two of them. */
export function validHostname(name: string): boolean {
  if (name.length > 253) return false;
  const labels = name.split(".");
  if (labels.length < 2) return false;
  const topLevel = labels[labels.length - 1] ?? "";
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i.test(topLevel)) return false;
  return labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(label));
}

/** Whether `name` lies strictly below `parent` (`pm-bounces.example.com` below `example.com`). */
export function isSubdomainOf(name: string, parent: string): boolean {
  return name.toLowerCase().endsWith(`.${parent.toLowerCase()}`);
}

/** The domain part of an address, in lower case; "" when there is none. */
export function domainOfAddress(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1).trim().toLowerCase();
}

/** A plain `local@domain` address with a real host name (the front has checked the format already). */
export function plainAddress(address: string): boolean {
  const at = address.lastIndexOf("@");
  if (at <= 0) return false;
  const local = address.slice(0, at);
  return !/[\s<>@,;]/.test(local) && validHostname(address.slice(at + 1));
}
