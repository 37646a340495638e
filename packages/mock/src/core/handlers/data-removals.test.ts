import { describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness.js";
import { put, serverOf, stored, storedForAccount, type SeededServer } from "../../../test/seed.js";
import type { BounceRecord, ClickRecord, InboundRecord, OpenRecord, OutboundRecord, SuppressionRecord } from "../store/collections.js";

const account = { accountToken: "any-account-token" };
const request = { RequestedBy: "privacy@example.com", RequestedFor: "jane@example.org", NotifyWhenCompleted: true };

// Only the fields a removal looks at matter here, with the keys the store files records by; the
// rest of each record is left out on purpose.
let keys = 0;
const outbound = (serverId: number, MessageID: string, Recipients: string[]) => ({ serverId, details: { MessageID, Recipients }, attachments: [], at: 0 }) as unknown as OutboundRecord;
const inbound = (serverId: number, From: string) => ({ serverId, details: { MessageID: `inbound-${++keys}`, From }, attachments: [], at: 0 }) as unknown as InboundRecord;
const bounce = (serverId: number, Email: string, MessageID: string) => ({ serverId, bounce: { ID: ++keys, Email, MessageID }, at: 0 }) as unknown as BounceRecord;
const open = (serverId: number, Recipient: string, MessageID: string) => ({ id: `open-${++keys}`, serverId, open: { Recipient, MessageID }, at: 0 }) as unknown as OpenRecord;
const click = (serverId: number, Recipient: string, MessageID: string) => ({ id: `click-${++keys}`, serverId, click: { Recipient, MessageID }, at: 0 }) as unknown as ClickRecord;
const suppression = (serverId: number, EmailAddress: string) => ({ serverId, stream: "outbound", suppression: { EmailAddress }, at: 0 }) as unknown as SuppressionRecord;

/** Two servers holding mail to, from and about Jane and John. */
async function seededHarness(): Promise<{ mock: Harness; servers: SeededServer[] }> {
  const mock = createHarness();
  const servers = [await serverOf(mock, "token-1"), await serverOf(mock, "token-2")];
  for (const { server } of servers) {
    const id = server.ID;
    await put(mock.store, "outbound", outbound(id, `jane-${id}`, ["Jane@Example.org"]), outbound(id, `both-${id}`, ["john@example.org", "jane@example.org"]), outbound(id, `john-${id}`, ["john@example.org"]));
    await put(mock.store, "inbound", inbound(id, "jane@example.org"), inbound(id, "john@example.org"));
    await put(mock.store, "bounces", bounce(id, "jane@example.org", `jane-${id}`), bounce(id, "john@example.org", `john-${id}`));
    await put(mock.store, "opens", open(id, "john@example.org", `both-${id}`), open(id, "john@example.org", `john-${id}`));
    await put(mock.store, "clicks", click(id, "JANE@example.org", `jane-${id}`), click(id, "john@example.org", `john-${id}`));
    await put(mock.store, "suppressions", suppression(id, "jane@example.org"));
  }
  return { mock, servers };
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
    const { mock, servers } = await seededHarness();
    await mock.call("POST", "/data-removals", { ...account, body: request });
    for (const server of servers) {
      const id = server.server.ID;
      expect((await stored(server, "outbound")).map((record) => record.details.MessageID)).toEqual([`john-${id}`]);
      expect((await stored(server, "inbound")).map((record) => record.details.From)).toEqual(["john@example.org"]);
      expect((await stored(server, "bounces")).map((record) => record.bounce.Email)).toEqual(["john@example.org"]);
      expect((await stored(server, "opens")).map((record) => record.open.MessageID)).toEqual([`john-${id}`]);
      expect((await stored(server, "clicks")).map((record) => record.click.MessageID)).toEqual([`john-${id}`]);
      expect((await stored(server, "suppressions")).filter((record) => record.stream === "outbound")).toHaveLength(1);
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
    expect(await storedForAccount(mock.store, "dataRemovals")).toHaveLength(0);
  });
});

describe("getDataRemovalStatus", () => {
  it("answers 422 with ErrorCode 1301 for an id it never gave", async () => {
    const { status, json } = await createHarness().call("GET", "/data-removals/424242", account);
    expect([status, json.ErrorCode]).toEqual([422, 1301]);
  });
});
