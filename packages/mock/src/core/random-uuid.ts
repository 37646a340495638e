// Random version 4 UUIDs for message IDs and the like, each one flat string. `crypto.randomUUID()`
// in Node joins its result from pieces: a stored message keeps that chain of strings (about 400
// bytes more per ID) and the garbage collector copies every link of it.

const hexDigits = Array.from("0123456789abcdef", (digit) => digit.charCodeAt(0));
const dash = "-".charCodeAt(0);
const idsPerRefill = 256;
const pool = new Uint8Array(16 * idsPerRefill);
let next = pool.length;
const codes: number[] = new Array<number>(36).fill(0);

/** A random UUID (version 4, RFC 9562) in lower case, as `crypto.randomUUID()` gives. */
export function randomUuid(): string {
  if (next === pool.length) {
    crypto.getRandomValues(pool);
    next = 0;
  }
  let at = 0;
  for (let i = 0; i < 16; i++) {
    let byte = pool[next + i]!;
    // The version (4) and the variant (10xx) bits.
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) codes[at++] = dash;
    codes[at++] = hexDigits[byte >> 4]!;
    codes[at++] = hexDigits[byte & 0x0f]!;
  }
  next += 16;
  return String.fromCharCode(...codes);
}
