// JSON.parse turns 9223372036854775808 and 1e3 into ordinary doubles, so a validator can no longer
// tell them from a valid id. Before parsing, number literals that an int64 field could not take
// as written (an exponent, or more digits than a double keeps exactly) are swapped for marker
// strings; the normaliser then decides per field whether the literal is acceptable.

const marker = "\u0000number:";
const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function needsMarker(literal: string): boolean {
  return /[eE]/.test(literal) || /\d{16,}/.test(literal);
}

/** JSON.parse, keeping suspicious number literals as marker strings. */
export function parseJsonKeepingLiterals(text: string): unknown {
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
