import { describe, expect, it } from "vitest";
import { createHarness } from "../../../test/harness.js";
import { serverOf, type SeededServer } from "../../../test/seed.js";
import { isSuppressed, suppress, type SuppressionOrigin, type SuppressionReason } from "../suppression-list.js";

const suppressions = (...addresses: string[]) => ({ Suppressions: addresses.map((EmailAddress) => ({ EmailAddress })) });

/** Suppresses the address on one of the server's streams, as a bounce or the API does. */
function suppressOn({ store, server }: SeededServer, stream: string, email: string, reason: SuppressionReason, origin: SuppressionOrigin, at: Date) {
  return store.transaction((tx) => suppress(tx, server.ID, stream, email, reason, origin, at));
}

function suppressedOn({ store, server }: SeededServer, stream: string, email: string) {
  return store.transaction((tx) => isSuppressed(tx, server.ID, stream, email));
}

describe("createSuppressions and listSuppressions", () => {
  it("suppresses valid addresses, fails invalid ones, and lists them as ManualSuppression by Customer", async () => {
    const mock = createHarness({ now: () => new Date("2026-05-04T16:00:00Z") });
    const created = await mock.call("POST", "/message-streams/outbound/suppressions", { body: suppressions("Jane@Example.com", "not-an-email", "bob@example.org") });
    expect(created.status).toBe(200);
    expect(created.json.Suppressions).toEqual([
      { EmailAddress: "Jane@Example.com", Status: "Suppressed", Message: null },
      { EmailAddress: "not-an-email", Status: "Failed", Message: expect.stringContaining("not a valid email address") },
      { EmailAddress: "bob@example.org", Status: "Suppressed", Message: null },
    ]);
    const listed = await mock.call("GET", "/message-streams/outbound/suppressions/dump");
    expect(listed.json.Suppressions).toEqual([
      { EmailAddress: "Jane@Example.com", SuppressionReason: "ManualSuppression", Origin: "Customer", CreatedAt: "2026-05-04T12:00:00.0000000-04:00" },
      { EmailAddress: "bob@example.org", SuppressionReason: "ManualSuppression", Origin: "Customer", CreatedAt: "2026-05-04T12:00:00.0000000-04:00" },
    ]);
    const server = await serverOf(mock);
    expect(await suppressedOn(server, "outbound", "jane@example.com")).toBe(true);
    expect(await suppressedOn(server, "broadcast", "jane@example.com")).toBe(false);
  });

  it("keeps suppressions per stream and does not duplicate an address", async () => {
    const mock = createHarness();
    await mock.call("POST", "/message-streams/outbound/suppressions", { body: suppressions("a@example.com") });
    await mock.call("POST", "/message-streams/outbound/suppressions", { body: suppressions("A@example.com") });
    expect((await mock.call("GET", "/message-streams/outbound/suppressions/dump")).json.Suppressions).toHaveLength(1);
    expect((await mock.call("GET", "/message-streams/broadcast/suppressions/dump")).json.Suppressions).toEqual([]);
  });

  it.each<{ case: string; query: Record<string, string>; expected: string[] }>([
    { case: "reason", query: { SuppressionReason: "HardBounce" }, expected: ["hard@example.com"] },
    { case: "origin", query: { Origin: "Recipient" }, expected: ["hard@example.com", "spam@example.com"] },
    { case: "address, without case", query: { EmailAddress: "MANUAL@example.com" }, expected: ["manual@example.com"] },
    { case: "fromdate (a whole Eastern day)", query: { fromdate: "2026-05-02" }, expected: ["spam@example.com", "manual@example.com"] },
    { case: "todate (a whole Eastern day)", query: { todate: "2026-05-02" }, expected: ["hard@example.com", "spam@example.com"] },
    { case: "a date-time window", query: { fromdate: "2026-05-02T00:00:00", todate: "2026-05-02T23:59:59" }, expected: ["spam@example.com"] },
  ])("filters by $case", async ({ query, expected }) => {
    const mock = createHarness();
    const server = await serverOf(mock);
    await suppressOn(server, "outbound", "hard@example.com", "HardBounce", "Recipient", new Date("2026-05-01T15:00:00Z"));
    await suppressOn(server, "outbound", "spam@example.com", "SpamComplaint", "Recipient", new Date("2026-05-02T15:00:00Z"));
    await suppressOn(server, "outbound", "manual@example.com", "ManualSuppression", "Customer", new Date("2026-05-03T15:00:00Z"));
    const listed = await mock.call("GET", "/message-streams/outbound/suppressions/dump", { query });
    expect(listed.json.Suppressions.map((entry: { EmailAddress: string }) => entry.EmailAddress)).toEqual(expected);
  });
});

describe("deleteSuppressions", () => {
  it("deletes manual and hard-bounce suppressions but not spam complaints", async () => {
    const mock = createHarness();
    const server = await serverOf(mock);
    const at = new Date("2026-05-01T15:00:00Z");
    await suppressOn(server, "outbound", "hard@example.com", "HardBounce", "Recipient", at);
    await suppressOn(server, "outbound", "spam@example.com", "SpamComplaint", "Recipient", at);
    await suppressOn(server, "outbound", "manual@example.com", "ManualSuppression", "Customer", at);
    const deleted = await mock.call("POST", "/message-streams/outbound/suppressions/delete", {
      body: suppressions("HARD@example.com", "spam@example.com", "manual@example.com", "never@example.com", "bad address"),
    });
    expect(deleted.status).toBe(200);
    expect(deleted.json.Suppressions.map((entry: { Status: string }) => entry.Status)).toEqual(["Deleted", "Failed", "Deleted", "Deleted", "Failed"]);
    expect(deleted.json.Suppressions[1].Message).toMatch(/spam complaint/);
    const left = await mock.call("GET", "/message-streams/outbound/suppressions/dump");
    expect(left.json.Suppressions.map((entry: { EmailAddress: string }) => entry.EmailAddress)).toEqual(["spam@example.com"]);
  });
});

describe("unknown streams", () => {
  it.each([
    { method: "GET", path: "/message-streams/nope/suppressions/dump", body: undefined },
    { method: "POST", path: "/message-streams/nope/suppressions", body: suppressions("a@example.com") },
    { method: "POST", path: "/message-streams/nope/suppressions/delete", body: suppressions("a@example.com") },
  ])("$method $path is refused with ErrorCode 1226", async ({ method, path, body }) => {
    const mock = createHarness();
    const answer = await mock.call(method, path, { body });
    expect(answer.status).toBe(422);
    expect(answer.json.ErrorCode).toBe(1226);
  });
});
