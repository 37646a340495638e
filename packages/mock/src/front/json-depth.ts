// How deep a JSON body may nest. Postmark publishes no limit; its API runs on .NET, whose JSON
// readers stop at 64 levels by default (System.Text.Json's MaxDepth, and Json.NET's since 13.0).
// The check runs before anything walks the body, so no deep body can exhaust the stack.

export const maxJsonDepth = 64;

/** Whether the JSON text nests objects and arrays deeper than `max`. One pass; strings are skipped. */
export function nestsDeeperThan(text: string, max: number = maxJsonDepth): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      i = stringEnd(text, i);
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > max) return true;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote that closes the string opened at `start` (the end of the text when none does). */
function stringEnd(text: string, start: number): number {
  let at = text.indexOf('"', start + 1);
  while (at > 0) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}
