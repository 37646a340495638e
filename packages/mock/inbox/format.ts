// Small display helpers, kept apart from the components so they can be tested without a DOM.

export interface Address {
  Email: string;
  Name?: string | null;
}

/** "Jane Doe <jane@example.org>", or the bare address when there is no name. */
export function formatAddress({ Email, Name }: Address): string {
  return Name ? `${Name} <${Email}>` : Email;
}

export function formatAddresses(addresses: readonly Address[]): string {
  return addresses.map(formatAddress).join(", ");
}

/** Bytes in the unit a person would say: 512 B, 2.4 KB, 1.1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kilobytes = bytes / 1024;
  if (kilobytes < 1024) return `${kilobytes.toFixed(kilobytes < 10 ? 1 : 0)} KB`;
  const megabytes = kilobytes / 1024;
  return `${megabytes.toFixed(megabytes < 10 ? 1 : 0)} MB`;
}

/** A time in the reader's own zone: just the clock for today, with the date otherwise. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay
    ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" })
    : date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

// An attribute or CSS url() whose value starts with a scheme-relative or http(s) address.
const remoteReference = /\b(?:src|srcset|background|poster)\s*=\s*["']?\s*(?:https?:)?\/\/|url\(\s*["']?\s*(?:https?:)?\/\//i;

/** Whether the HTML asks for images or styles from other hosts, which the page blocks at first. */
export function hasRemoteContent(html: string | null | undefined): boolean {
  return html ? remoteReference.test(html) : false;
}
