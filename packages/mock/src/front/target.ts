// The path and query of a request target, read the way an HTTP server reads them. `new URL(target,
// base)` takes a target that starts with `//` for a host name ("//evil.example/x" would route to
// "/x") and throws on "//" alone; a target in origin form is a path, whatever it starts with.

const base = "http://mock.invalid";

export interface RequestTarget {
  pathname: string;
  search: string;
  searchParams: URLSearchParams;
  /** the host of a target in absolute form (`GET http://host/path`), which proxies send */
  host?: string;
}

/**
 * A path of letters, digits, `-`, `_` and `~` segments, with an optional query of characters the
 * URL parser leaves as they are: what clients send nearly always, and what the parser would
 * give back unchanged (no dot segments, no escapes, nothing it encodes).
 */
const plainTarget = /^((?:\/[A-Za-z0-9_~-]*)+)(?:\?([A-Za-z0-9_~.=&+,:@/!$()*;?-]+))?$/;

/** The target's path and query, or undefined when it is neither a path nor an absolute http(s) URL. */
export function parseTarget(target: string): RequestTarget | undefined {
  const plain = plainTarget.exec(target);
  if (plain) return plainParts(plain[1]!, plain[2]);
  try {
    if (target.startsWith("/")) return pick(new URL(base + target));
    if (target === "*") return pick(new URL(`${base}/*`));
    const absolute = new URL(target);
    if (absolute.protocol !== "http:" && absolute.protocol !== "https:") return undefined;
    return { ...pick(absolute), host: absolute.host };
  } catch {
    return undefined;
  }
}

function plainParts(pathname: string, query: string | undefined): RequestTarget {
  return new PlainTarget(pathname, query);
}

/**
 * A plain target's parts. Its query is parsed when read: most requests have no query, and most
 * readers want the path only. The getter is the class's, shared, so every target has one shape.
 */
class PlainTarget implements RequestTarget {
  readonly search: string;
  private parsed: URLSearchParams | undefined;
  constructor(
    readonly pathname: string,
    private readonly query: string | undefined,
  ) {
    this.search = query === undefined ? "" : `?${query}`;
  }
  get searchParams(): URLSearchParams {
    return (this.parsed ??= new URLSearchParams(this.query ?? ""));
  }
}

function pick(url: URL): RequestTarget {
  return { pathname: url.pathname, search: url.search, searchParams: url.searchParams };
}

/** Whether a path is `prefix` or below it, without regard to case (as Postmark routes). */
export function isUnder(pathname: string, prefix: string): boolean {
  const lower = pathname.toLowerCase();
  return lower === prefix || lower.startsWith(`${prefix}/`);
}

/** A path with its percent-escapes decoded, or as it came when they are not valid. */
export function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
