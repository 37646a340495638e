// What keeps web pages on other origins from driving the local Postmark, as local dev servers
// (Vite, webpack-dev-server) keep them out:
//
// - Host: a request must name this machine, not a DNS name an attacker points at 127.0.0.1 (DNS
//   rebinding). Accepted are IP addresses, `localhost` and `*.localhost` (browsers resolve those
//   to loopback themselves), the name the mock was bound to, and the names given in
//   `allowedHosts` (`.example.test` also takes its subdomains); `"all"` turns the check off.
// - Origin: a page elsewhere may send a request that changes state without reading the answer
//   (a form post, `fetch` with `mode: "no-cors"`). The mock API refuses every request whose
//   Origin is not this machine: the mock's own origin, a loopback or `localhost` origin, an
//   allowed host, or one of the `cors` origins. Postmark's own API needs a token header, which no
//   page can send across origins without a CORS preflight.
// - CORS: answers carry CORS headers only for the origins listed in `cors` (`*` for any, only
//   when spelled out), and preflights from other origins are refused.
import { isIP } from "node:net";

export type AllowedHosts = readonly string[] | "all";

export interface GuardOptions {
  /** the address or name the server listens on */
  boundHost: string;
  /** more host names to accept, or "all" */
  allowedHosts?: AllowedHosts | undefined;
  /** origins whose pages may read answers (CORS); "*" for any */
  cors?: readonly string[] | undefined;
}

/** A refusal, answered in Postmark's error shape. */
export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RequestFacts {
  method: string;
  /** the Host header */
  host: string | undefined;
  /** the host of a target in absolute form, which takes the Host header's place */
  targetHost?: string | undefined;
  origin: string | undefined;
  /** Access-Control-Request-Method: present on a CORS preflight */
  preflightMethod: string | undefined;
}

export type Surface = "postmark" | "mock";

export interface Guard {
  /** A refusal for a request this machine should not answer, or undefined. */
  check(request: RequestFacts, surface: Surface): Refusal | undefined;
  /** The answer to a CORS preflight, or undefined when CORS is off (the request goes on as any other). */
  preflight(request: RequestFacts, surface: Surface): Refusal | undefined;
  /** The CORS headers an answer to this request carries (none unless its origin is listed). */
  corsHeaders(origin: string | undefined): Record<string, string>;
}

const allowedMethods: Record<Surface, string> = { postmark: "GET, POST, PUT, DELETE, PATCH, OPTIONS", mock: "GET, POST, DELETE, OPTIONS" };
const allowedHeaders: Record<Surface, string> = {
  postmark: "Accept, Content-Type, X-Postmark-Server-Token, X-Postmark-Account-Token, Prefer",
  mock: "Accept, Content-Type",
};
const readOnly = new Set(["GET", "HEAD", "OPTIONS"]);
/** ErrorCode of the mock's own refusals that Postmark has no code for: its general "invalid request". */
const refusedCode = 300;

/** An option the mock cannot start with; the CLI prints its message. */
export class OptionError extends Error {
  override name = "OptionError";
}

/** Checks and normalises `cors` origins: "*" or a scheme, host and port, nothing more. */
export function corsOrigins(values: readonly string[]): string[] {
  return values.map((value) => {
    const text = value.trim();
    if (text === "*") return "*";
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new OptionError(`--cors takes origins such as http://localhost:5173 (or "*" for any origin); "${value}" is not one.`);
    }
    if (!["http:", "https:"].includes(url.protocol) || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || url.username) {
      throw new OptionError(`--cors takes origins such as http://localhost:5173, without a path; "${value}" is not one.`);
    }
    return url.origin;
  });
}

/** Checks `allowedHosts` names: host names without a scheme, port or path ("all" stands alone). */
export function allowedHostNames(values: readonly string[]): AllowedHosts {
  const names = values.map((value) => value.trim().toLowerCase()).filter((value) => value !== "");
  if (names.includes("all")) return "all";
  for (const name of names) {
    if (!/^\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) throw new OptionError(`--allowed-hosts takes host names such as postmark.internal or .example.test; "${name}" is not one.`);
  }
  return names;
}

export function createGuard(options: GuardOptions): Guard {
  const allowed = options.allowedHosts ?? [];
  const cors = options.cors ?? [];
  const anyOrigin = cors.includes("*");
  const bound = hostnameOf(options.boundHost);

  /** Names of this machine: the Host header may carry them, and so may a trusted Origin. */
  const isLocalName = (hostname: string): boolean =>
    hostname === "localhost" || hostname.endsWith(".localhost") || hostname === bound || isLoopback(hostname) || (allowed !== "all" && allowed.some((name) => (name.startsWith(".") ? hostname === name.slice(1) || hostname.endsWith(name) : hostname === name)));

  const judgeHost = (host: string): boolean => {
    const hostname = hostnameOf(host);
    // A rebinding attack needs a DNS name: an address in the Host header names no attacker's domain.
    return isIP(hostname) !== 0 || isLocalName(hostname);
  };
  // Clients send the same Host header on every request: the last few answers are kept.
  const judged = new Map<string, boolean>();
  const hostAllowed = (host: string | undefined): boolean => {
    if (allowed === "all" || host === undefined || host === "") return true;
    let verdict = judged.get(host);
    if (verdict === undefined) {
      verdict = judgeHost(host);
      if (judged.size >= 32) judged.clear();
      judged.set(host, verdict);
    }
    return verdict;
  };

  const originTrusted = (origin: string, host: string | undefined): boolean => {
    if (cors.includes(origin)) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file: pages) and anything unreadable
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    // The mock's own pages (the inbox), however the browser reached it.
    if (host !== undefined && url.host.toLowerCase() === host.toLowerCase()) return true;
    return isLocalName(hostnameOf(url.host));
  };

  const refuse = (message: string): Refusal => ({
    status: 403,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ ErrorCode: refusedCode, Message: message }),
  });

  return {
    check(request, surface) {
      for (const host of [request.host, request.targetHost]) {
        if (!hostAllowed(host)) {
          return refuse(
            `The local Postmark does not answer requests for the host "${hostnameOf(host ?? "")}": it answers its address, localhost and the names given with --allowed-hosts (option allowedHosts).`,
          );
        }
      }
      if (surface === "mock" && !readOnly.has(request.method) && request.origin !== undefined && !originTrusted(request.origin, request.host)) {
        return refuse(
          `The mock API takes no ${request.method} from pages on ${request.origin}: only from this machine's own origins and those given with --cors (option cors).`,
        );
      }
      return undefined;
    },
    preflight(request, surface) {
      if (cors.length === 0 || request.method !== "OPTIONS" || request.preflightMethod === undefined) return undefined;
      const headers = this.corsHeaders(request.origin);
      if (!headers["access-control-allow-origin"]) return refuse(`CORS is not allowed for ${request.origin ?? "a request without an Origin"}: the origins given with --cors are ${cors.join(", ")}.`);
      return { status: 204, headers: { ...headers, "access-control-allow-methods": allowedMethods[surface], "access-control-allow-headers": allowedHeaders[surface], "access-control-max-age": "600" }, body: "" };
    },
    corsHeaders(origin): Record<string, string> {
      if (cors.length === 0) return {};
      if (anyOrigin) return { "access-control-allow-origin": "*" };
      if (origin === undefined || !cors.includes(origin)) return { vary: "Origin" };
      return { "access-control-allow-origin": origin, vary: "Origin" };
    },
  };
}

/** The host name of a Host header value or bound address: lower case, without port or IPv6 brackets. */
function hostnameOf(host: string): string {
  const text = host.trim().toLowerCase();
  if (text.startsWith("[")) return text.slice(1, text.indexOf("]") > 0 ? text.indexOf("]") : undefined);
  // A bare IPv6 address (a bound address such as ::1) has colons but no port.
  if (isIP(text) === 6) return text;
  const colon = text.lastIndexOf(":");
  return (colon >= 0 ? text.slice(0, colon) : text).replace(/\.$/, "");
}

function isLoopback(hostname: string): boolean {
  if (isIP(hostname) === 4) return hostname.startsWith("127.");
  return hostname === "::1" || hostname === "0:0:0:0:0:0:0:1";
}
