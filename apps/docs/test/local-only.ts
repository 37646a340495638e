// Keeps a test process on this machine: every TCP connection (http, https, fetch, WebSocket all
// open one through net.Socket#connect) to a host other than the loopback fails before any lookup
// or packet. The guide's MSW recipe sends to https://api.postmarkapp.com on purpose, for MSW to
// answer in-process; this makes sure that, were MSW ever to miss a request, it would fail instead.
import net from "node:net";

const loopback = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

export function isLoopback(host: string | undefined): boolean {
  return host === undefined || loopback.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;

/** Where a Socket#connect call goes: undefined host for a Unix socket path. */
function targetOf(args: unknown[]): { host: string | undefined; path: boolean } {
  // net.connect passes its normalized arguments as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; path?: string };
    return { host: options.path ? undefined : (options.host ?? "localhost"), path: Boolean(options.path) };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return { host: undefined, path: true };
  return { host: typeof args[1] === "string" ? args[1] : "localhost", path: false };
}

/** Wraps Socket#connect so that it refuses every host but the loopback. */
export function localOnly(connect: Connect): Connect {
  return function (this: net.Socket, ...args: unknown[]) {
    const { host, path } = targetOf(args);
    if (!path && !isLoopback(host)) throw new Error(`Refused a connection to ${host}: this test process stays on the loopback`);
    return connect.apply(this, args);
  };
}

export function installLocalOnly(): void {
  const prototype = net.Socket.prototype as unknown as { connect: Connect };
  prototype.connect = localOnly(prototype.connect);
}
