import { describe, expect, it } from "vitest";
import { createHarness } from "../../../test/harness.js";
import { emptyState, newServerState, type InboundRecord, type OutboundRecord, type State } from "../state.js";
import type { Schemas } from "../types.js";

const account = { accountToken: "any-account-token" };
const request = { RequestedBy: "privacy@example.com", RequestedFor: "jane@example.org", NotifyWhenCompleted: true };

// Only the fields a removal looks at matter here; the rest of each record is left out on purpose.
const outbound = (MessageID: string, Recipients: string[]) => ({ details: { MessageID, Recipients }, attachments: [], at: 0 }) as unknown as OutboundRecord;
const inbound = (From: string) => ({ details: { From }, at: 0 }) as unknown as InboundRecord;
const bounce = (Email: string, MessageID: string) => ({ Email, MessageID }) as unknown as Schemas["Bounce"];
const open = (Recipient: string, MessageID: string) => ({ Recipient, MessageID }) as unknown as Schemas["OpenEvent"];
const click = (Recipient: string, MessageID: string) => ({ Recipient, MessageID }) as unknown as Schemas["ClickEvent"];
const suppression = (EmailAddress: string) => ({ EmailAddress }) as unknown as Schemas["Suppression"];

/** Two servers holding mail to, from and about Jane and John. */
function seededState(): State {
  const state = emptyState();
  for (const id of [1, 2]) {
    const server = newServerState({ id, name: `Server ${id}`, token: `token-${id}`, createdAt: "2026-01-01T00:00:00.0000000-05:00", inboundHash: "0".repeat(32) });
    server.outbound = [outbound(`jane-${id}`, ["Jane@Example.org"]), outbound(`both-${id}`, ["john@example.org", "jane@example.org"]), outbound(`john-${id}`, ["john@example.org"])];
    server.inbound = [inbound("jane@example.org"), inbound("john@example.org")];
    server.bounces = [bounce("jane@example.org", `jane-${id}`), bounce("john@example.org", `john-${id}`)];
    server.opens = [open("john@example.org", `both-${id}`), open("john@example.org", `john-${id}`)];
    server.clicks = [click("JANE@example.org", `jane-${id}`), click("john@example.org", `john-${id}`)];
    server.suppressions = { outbound: [suppression("jane@example.org")] };
    state.servers[id] = server;
    state.tokens[`token-${id}`] = id;
  }
  return state;
}

describe("requestDataRemoval", () => {
  it("answers Pending with a new id, and the status reads Done afterwards", async () => {
    const mock = createHarness();
    const first = await mock.call("POST", "/data-removals", { ...account, body: request });
    const second = await mock.call("POST", "/data-removals", { ...account, body: { ...request, NotifyWhenCompleted: false } });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ ID: expect.any(Number), Status: "Pending" });
    expect(second.json.ID).not.toBe(first.json.ID);
    const { status, json } = await mock.call("GET", `/data-removals/${first.json.ID}`, account);
    expect(status).toBe(200);
    expect(json).toEqual({ ID: first.json.ID, Status: "Done" });
  });

  it("erases what every server holds about the address, but keeps its suppressions", async () => {
    const mock = createHarness({ state: seededState() });
    await mock.call("POST", "/data-removals", { ...account, body: request });
    for (const id of [1, 2]) {
      const server = mock.emulator.state.servers[id];
      expect(server?.outbound.map((record) => record.details.MessageID)).toEqual([`john-${id}`]);
      expect(server?.inbound.map((record) => record.details.From)).toEqual(["john@example.org"]);
      expect(server?.bounces.map((record) => record.Email)).toEqual(["john@example.org"]);
      expect(server?.opens.map((record) => record.MessageID)).toEqual([`john-${id}`]);
      expect(server?.clicks.map((record) => record.MessageID)).toEqual([`john-${id}`]);
      expect(server?.suppressions["outbound"]).toHaveLength(1);
    }
  });

  it.each([
    { case: "no RequestedFor", body: { RequestedBy: request.RequestedBy } },
    { case: "a RequestedFor that is no address", body: { ...request, RequestedFor: "jane" } },
    { case: "a RequestedBy that is no address", body: { ...request, RequestedBy: "privacy at example.com" } },
    { case: "a RequestedFor without a real domain", body: { ...request, RequestedFor: "jane@example.123" } },
    { case: "a RequestedBy without a real domain", body: { ...request, RequestedBy: "privacy@example.123" } },
  ])("refuses $case with ErrorCode 1300", async ({ body }) => {
    const mock = createHarness();
    const { status, json } = await mock.call("POST", "/data-removals", { ...account, body });
    expect([status, json.ErrorCode]).toEqual([422, 1300]);
    expect(mock.emulator.state.dataRemovals).toHaveLength(0);
  });
});

describe("getDataRemovalStatus", () => {
  it("answers 422 with ErrorCode 1301 for an id it never gave", async () => {
    const { status, json } = await createHarness().call("GET", "/data-removals/424242", account);
    expect([status, json.ErrorCode]).toEqual([422, 1301]);
  });
});
