// The guard the guide's vitest recipes run under: loopback connections pass, others throw first,
// and a name resolved by the caller's own lookup connects only when it resolves to the loopback.
import type net from "node:net";
import { describe, expect, it } from "vitest";
import { isLoopback, localOnly } from "./local-only.js";

describe("localOnly", () => {
  const calls: unknown[][] = [];
  const guarded = localOnly(function (this: net.Socket, ...args: unknown[]) {
    calls.push(args);
    return this;
  });
  const socket = {} as net.Socket;

  it.each([
    ["options with the loopback address", [{ host: "127.0.0.1", port: 4010 }]],
    ["options with localhost", [{ host: "localhost", port: 4010 }]],
    ["options with IPv6 loopback", [{ host: "::1", port: 4010 }]],
    ["options without a host (Node's default is localhost)", [{ port: 4010 }]],
    ["net.connect's normalized array", [[{ host: "127.0.0.1", port: 4010 }, null]]],
    ["a Unix socket path", [{ path: "/tmp/socket" }]],
    ["port and host arguments", [4010, "127.0.0.1"]],
  ])("lets %s through", (_, args) => {
    const before = calls.length;
    guarded.apply(socket, args);
    expect(calls.length).toBe(before + 1);
  });

  it.each([
    ["a public name", [{ host: "api.postmarkapp.com", port: 443 }]],
    ["a public address in net.connect's array", [[{ host: "192.0.2.1", port: 80 }, null]]],
    ["port and host arguments", [443, "api.postmarkapp.com"]],
  ])("refuses %s before connecting", (_, args) => {
    const before = calls.length;
    expect(() => guarded.apply(socket, args)).toThrow(/stays on the loopback/);
    expect(calls.length).toBe(before);
  });

  const resolvingTo =
    (address: string) =>
    (_hostname: string, _options: object, callback: (error: Error | null, address: string, family: number) => void): void =>
      callback(null, address, 4);
  /** The lookup the guarded connect passed on, called the way Node calls it. */
  function lookupPassedOn(args: unknown[]): Promise<{ error: Error | null; address: unknown }> {
    const before = calls.length;
    guarded.apply(socket, args);
    expect(calls.length).toBe(before + 1);
    const passed = calls.at(-1)?.[0] as { lookup: (hostname: string, options: object, callback: (error: Error | null, address: unknown) => void) => void };
    return new Promise((resolve) => passed.lookup("api.postmarkapp.com", {}, (error, address) => resolve({ error, address })));
  }

  it("lets a name through with a lookup of the caller's own that answers the loopback (as msw 3 does)", async () => {
    expect(await lookupPassedOn([{ host: "api.postmarkapp.com", port: 443, lookup: resolvingTo("127.0.0.1") }])).toEqual({ error: null, address: "127.0.0.1" });
  });

  it("refuses a name whose lookup of the caller's own answers another address", async () => {
    const { error } = await lookupPassedOn([{ host: "api.postmarkapp.com", port: 443, lookup: resolvingTo("192.0.2.1") }]);
    expect(error?.message).toMatch(/api\.postmarkapp\.com \(192\.0\.2\.1\).*stays on the loopback/);
  });

  it("refuses a public address even with a lookup of the caller's own", () => {
    expect(() => guarded.apply(socket, [{ host: "192.0.2.1", port: 80, lookup: resolvingTo("127.0.0.1") }])).toThrow(/stays on the loopback/);
  });

  it.each([
    ["127.0.0.1", true],
    ["127.3.2.1", true],
    ["LOCALHOST", true],
    ["10.0.0.1", false],
    ["localhost.example.com", false],
  ])("isLoopback(%s) is %s", (host, expected) => expect(isLoopback(host)).toBe(expected));
});
