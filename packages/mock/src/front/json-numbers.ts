// JSON.parse turns 9223372036854775808 and 1e3 into ordinary doubles, so a validator can no longer
// tell them from a valid id. Before parsing, number literals that an int64 field could not take
// as written (an exponent, or more digits than a double keeps exactly) are swapped for marker
// strings; the normaliser then decides per field whether the literal is acceptable.

const marker = "\u0000number:";
const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function needsMarker(literal: string): boolean {
  return /[eE]/.test(literal) || /\d{16,}/.test(literal);
}

/** A literal that might need a marker: a digit before an exponent, or a long run of digits. */
const suspicious = /\d[eE][+-]?\d|\d{16}/;

const int64Max = 9223372036854775807n;
const int64Min = -9223372036854775808n;

/** How a refused integer is explained, for every place that refuses one. */
export const int64Rule = `must be a whole number written in digits, between ${int64Min} and ${int64Max}`;

/** Whether a literal is an integer written in plain digits that fits in 64 bits. */
export function isInt64Literal(literal: string): boolean {
  const text = literal.trim();
  if (!/^[+-]?\d+$/.test(text)) return false;
  const value = BigInt(text);
  return value <= int64Max && value >= int64Min;
}

/** JSON.parse, keeping suspicious number literals as marker strings. */
export function parseJsonKeepingLiterals(text: string): unknown {
  // Most bodies hold no such literal: they skip the token scan altogether.
  if (!suspicious.test(text)) return JSON.parse(text);
  let changed = false;
  const rewritten = text.replace(token, (match) => {
    if (match.startsWith('"') || !needsMarker(match)) return match;
    changed = true;
    return JSON.stringify(marker + match);
  });
  return JSON.parse(changed ? rewritten : text);
}

export function isNumberMarker(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(marker);
}

export function numberFromMarker(value: string): string {
  return value.slice(marker.length);
}
