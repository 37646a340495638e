// Keeps a test process on this machine: every TCP connection (http, https, fetch, WebSocket all
// open one through net.Socket#connect) to an address other than the loopback fails before any
// packet. A name is resolved only by a lookup the caller passes itself, and then the address it
// resolves to must be the loopback too; with Node's own DNS, a name other than the loopback is
// refused before any lookup. The guide's MSW recipe sends to https://api.postmarkapp.com on purpose,
// for MSW to answer in-process (msw 3 connects the socket it answers on through a lookup of its
// own that resolves every name to the loopback); this makes sure that, were MSW ever to miss a
// request, it would fail instead.
import net from "node:net";

const loopback = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

export function isLoopback(host: string | undefined): boolean {
  return host === undefined || loopback.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;

type Lookup = (hostname: string, options: object, callback: (error: Error | null, address: unknown, family?: number) => void) => void;

/** Where a Socket#connect call goes (undefined host for a Unix socket path), and the lookup it passes. */
function targetOf(args: unknown[]): { host: string | undefined; path: boolean; options: { lookup?: unknown } | undefined } {
  // net.connect passes its normalized arguments as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; path?: string; lookup?: unknown };
    return { host: options.path ? undefined : (options.host ?? "localhost"), path: Boolean(options.path), options };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return { host: undefined, path: true, options: undefined };
  return { host: typeof args[1] === "string" ? args[1] : "localhost", path: false, options: undefined };
}

/** The caller's lookup, held to answering the loopback only. */
function loopbackLookup(lookup: Lookup, host: string, refusal: (target: string) => Error): Lookup {
  return (hostname, options, callback) =>
    lookup(hostname, options, (error, address, family) => {
      const addresses = Array.isArray(address) ? (address as { address: string }[]).map((entry) => entry.address) : [address as string];
      if (!error && !addresses.every((resolved) => isLoopback(resolved))) return callback(refusal(`${host} (${addresses.join(", ")})`), address, family);
      callback(error, address, family);
    });
}

/** Wraps Socket#connect so that it refuses every address but the loopback. */
export function localOnly(connect: Connect): Connect {
  return function (this: net.Socket, ...args: unknown[]) {
    const refusal = (target: string | undefined) => new Error(`Refused a connection to ${target}: this test process stays on the loopback`);
    const { host, path, options } = targetOf(args);
    if (path || isLoopback(host)) return connect.apply(this, args);
    // A name with a lookup of the caller's own: connect, but only to what it resolves to on the loopback.
    if (options && typeof options.lookup === "function" && host !== undefined && net.isIP(host) === 0) {
      const guarded = { ...options, lookup: loopbackLookup(options.lookup as Lookup, host, refusal) };
      return connect.apply(this, Array.isArray(args[0]) ? [[guarded, ...args[0].slice(1)], ...args.slice(1)] : [guarded, ...args.slice(1)]);
    }
    throw refusal(host);
  };
}

export function installLocalOnly(): void {
  const prototype = net.Socket.prototype as unknown as { connect: Connect };
  prototype.connect = localOnly(prototype.connect);
}
