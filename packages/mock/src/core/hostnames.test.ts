import { describe, expect, it } from "vitest";
import { domainOfAddress, isSubdomainOf, plainAddress, validHostname } from "./hostnames.js";

describe("validHostname", () => {
  it.each([
    ["example.com", true],
    ["mail.Example.co.uk", true],
    ["xn--bcher-kva.example", true],
    ["a-b.example", true],
    ["example", false],
    ["example.", false],
    [".example.com", false],
    ["-a.example.com", false],
    ["a-.example.com", false],
    ["a_b.example.com", false],
    ["example.c0m", false],
    [`${"a".repeat(64)}.com`, false],
    [`${"a".repeat(63)}.com`, true],
  ])("%s → %s", (name, valid) => {
    expect(validHostname(name)).toBe(valid);
  });
});

describe("isSubdomainOf", () => {
  it.each([
    ["pm-bounces.example.com", "example.com", true],
    ["PM.Example.COM", "example.com", true],
    ["example.com", "example.com", false],
    ["badexample.com", "example.com", false],
    ["pm.example.com.evil.org", "example.com", false],
  ])("%s below %s → %s", (name, parent, below) => {
    expect(isSubdomainOf(name, parent)).toBe(below);
  });
});

describe("addresses", () => {
  it.each([
    ["Jane@Example.ORG", "example.org", true],
    ["no-at-sign", "", false],
    ["@example.org", "example.org", false],
    ["a b@example.org", "example.org", false],
    ["jane@example", "example", false],
  ])("%s: domain %s, plain %s", (address, domain, plain) => {
    expect(domainOfAddress(address)).toBe(domain);
    expect(plainAddress(address)).toBe(plain);
  });
});
