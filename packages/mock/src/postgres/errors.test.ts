// How the engine names what went wrong with its database: a lost connection is the 503 clients
// retry; a write the database refused is a StoreFailure (the 500 with why); anything else stays as it is.
import { describe, expect, it } from "vitest";
import { StoreFailure } from "../core/store/store.js";
import { isConnectionFailure, redactedUrl, storeFailureOf, unavailable } from "./errors.js";

const failure = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("the PostgreSQL engine's errors", () => {
  it.each([
    ["53100", /disk holding the database is full \(53100\)/],
    ["53200", /ran out of memory/],
    ["25006", /takes no writes \(read-only\)/],
  ])("turns SQLSTATE %s into a StoreFailure that says why", (code, why) => {
    const turned = storeFailureOf(failure(code));
    expect(turned).toBeInstanceOf(StoreFailure);
    expect((turned as StoreFailure).message).toMatch(why);
    expect((turned as StoreFailure).message).toMatch(/Nothing of this request was kept/);
  });

  it.each(["23505", "42P01", "40001"])("leaves SQLSTATE %s as it is", (code) => {
    const error = failure(code);
    expect(storeFailureOf(error)).toBe(error);
  });

  it.each([
    [failure("ECONNREFUSED"), true],
    [failure("57P01"), true],
    [failure("08006"), true],
    [new Error("Connection terminated unexpectedly"), true],
    [failure("23505"), false],
    ["not an error", false],
  ])("tells a lost connection (%s) from a bad query", (error, lost) => {
    expect(isConnectionFailure(error)).toBe(lost);
  });

  it("answers a lost connection with Postmark's 503 and a Retry-After", () => {
    const answer = unavailable(failure("ECONNREFUSED"));
    expect(answer.status).toBe(503);
    expect(answer.headers).toEqual({ "retry-after": "1" });
    expect(answer.message).toMatch(/cannot reach its PostgreSQL database \(ECONNREFUSED\)/);
  });

  it("names a database without its user or password", () => {
    expect(redactedUrl("postgres://someone:secret@db.example:5432/mail?sslmode=require")).toBe("postgres://db.example:5432/mail");
  });
});
