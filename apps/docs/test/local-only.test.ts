// The guard the guide's vitest recipes run under: loopback connections pass, others throw first.
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

  it.each([
    ["127.0.0.1", true],
    ["127.3.2.1", true],
    ["LOCALHOST", true],
    ["10.0.0.1", false],
    ["localhost.example.com", false],
  ])("isLoopback(%s) is %s", (host, expected) => expect(isLoopback(host)).toBe(expected));
});
