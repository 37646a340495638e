// Every kind of record the emulator keeps has a cap (src/core/retention.ts). Each case fills one
// kind to its cap directly in the store, then makes one more record the way an app or a test would,
// over HTTP: records of what happened keep the newest, what an app creates is refused with a clear 422.
import { beforeAll, describe, expect, it } from "vitest";
import { retention } from "../../src/core/retention.js";
import { createServerRecord } from "../../src/core/account.js";
import type { CollectionName, RecordOf } from "../../src/core/store/collections.js";
import { createMemoryStore } from "../../src/core/store/memory-store.js";
import type { Store } from "../../src/core/store/store.js";
import { maxFaults } from "../../src/control/faults.js";
import { startMockServer, type RunningMock } from "../../src/http/server.js";
import { atWork, put } from "../seed.js";
import { call } from "../support.js";
import { expectClearRefusal } from "./raw.js";

let mock: RunningMock;
const store: Store = createMemoryStore();
beforeAll(async () => {
  mock = await startMockServer({ port: 0, quiet: true, store });
  return () => mock.close();
});

let tokens = 0;
/** A server of its own for each case, created by its first request. */
async function freshServer(): Promise<{ token: string; serverId: number; headers: Record<string, string> }> {
  const token = `retention-${++tokens}`;
  const headers = { "X-Postmark-Server-Token": token };
  const answer = await call(mock.url, "GET", "/server", { headers });
  expect(answer.status).toBe(200);
  return { token, serverId: answer.json.ID as number, headers };
}

async function send(headers: Record<string, string>, extra: Record<string, unknown> = {}): Promise<string> {
  const sent = await call(mock.url, "POST", "/email", { headers, body: { From: "app@example.com", To: "jane@example.org", Subject: "Hi", HtmlBody: '<a href="https://example.com/x">x</a>', ...extra } });
  expect(sent.status).toBe(200);
  return sent.json.MessageID as string;
}

/** Every record of one kind (of one server, or of the account), oldest first. */
function recordsOf<Name extends CollectionName>(name: Name, serverId?: number): Promise<RecordOf<Name>[]> {
  return store.transaction(async (tx) => (await (tx[name] as unknown as { find(query: object): Promise<RecordOf<Name>[]> }).find({ ...(serverId === undefined ? {} : { scope: serverId }), order: "oldest" })));
}

const filler = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

describe("records of what happened keep the newest", () => {
  it.each([
    {
      list: "bounces per server",
      cap: retention.bouncesPerServer,
      name: "bounces" as const,
      fill: (serverId: number) => put(store, "bounces", ...filler(retention.bouncesPerServer, (i) => ({ serverId, bounce: { ID: -i - 1, MessageID: "old", Email: `old${i}@example.org` } as never, at: 0 }))),
      act: (headers: Record<string, string>) => send(headers, { To: "HardBounce@bounce-testing.postmarkapp.com" }),
    },
    {
      list: "suppressions per stream",
      cap: retention.suppressionsPerStream,
      name: "suppressions" as const,
      fill: (serverId: number) =>
        put(store, "suppressions", ...filler(retention.suppressionsPerStream, (i) => ({ serverId, stream: "outbound", suppression: { EmailAddress: `old${i}@example.org` } as never, at: 0 }))),
      act: (headers: Record<string, string>) => send(headers, { To: "HardBounce@bounce-testing.postmarkapp.com" }),
    },
    {
      list: "opens per server",
      cap: retention.opensPerServer,
      name: "opens" as const,
      fill: (serverId: number) => put(store, "opens", ...filler(retention.opensPerServer, (i) => ({ id: `old-${serverId}-${i}`, serverId, open: { MessageID: "old", Recipient: "old@example.org" } as never, at: 0 }))),
      act: async (headers: Record<string, string>) => {
        const id = await send(headers, { TrackOpens: true });
        expect((await call(mock.url, "POST", `/__mock/api/messages/${id}/events`, { body: { Type: "Open" } })).status).toBe(200);
      },
    },
    {
      list: "clicks per server",
      cap: retention.clicksPerServer,
      name: "clicks" as const,
      fill: (serverId: number) => put(store, "clicks", ...filler(retention.clicksPerServer, (i) => ({ id: `old-${serverId}-${i}`, serverId, click: { MessageID: "old", Recipient: "old@example.org" } as never, at: 0 }))),
      act: async (headers: Record<string, string>) => {
        const id = await send(headers, { TrackLinks: "HtmlOnly" });
        expect((await call(mock.url, "POST", `/__mock/api/messages/${id}/events`, { body: { Type: "Click" } })).status).toBe(200);
      },
    },
    {
      list: "inbound messages per server",
      cap: retention.inboundPerServer,
      name: "inbound" as const,
      fill: (serverId: number) => put(store, "inbound", ...filler(retention.inboundPerServer, (i) => ({ serverId, details: { MessageID: `old-${serverId}-${i}` } as never, at: 0, attachments: [] }))),
      act: async (_headers: Record<string, string>, serverId: number) => {
        const injected = await call(mock.url, "POST", `/__mock/api/servers/${serverId}/inbound`, { body: { From: "jane@example.org", Subject: "Re: Hi", TextBody: "Thanks" } });
        expect(injected.status).toBe(200);
      },
    },
    {
      list: "bulk requests per server",
      cap: retention.bulkRequestsPerServer,
      name: "bulkRequests" as const,
      fill: (serverId: number) => put(store, "bulkRequests", ...filler(retention.bulkRequestsPerServer, (i) => ({ serverId, status: { Id: `old-${serverId}-${i}` } as never, at: 0 }))),
      act: async (headers: Record<string, string>) => {
        const bulk = await call(mock.url, "POST", "/email/bulk", {
          headers,
          body: { From: "app@example.com", Subject: "News", TextBody: "Hello", MessageStream: "broadcast", Messages: [{ To: "jane@example.org" }] },
        });
        expect(bulk.status).toBe(200);
      },
    },
  ])("$list: $cap, the oldest going first", async ({ cap, name, fill, act }) => {
    const { serverId, headers } = await freshServer();
    await fill(serverId);
    await act(headers, serverId);
    const list = await recordsOf(name, serverId);
    expect(list).toHaveLength(cap);
    expect(JSON.stringify(list.at(-1))).not.toContain("old");
  });

  it(`a message's events: ${retention.eventsPerMessage}, the oldest going first`, async () => {
    const { serverId, headers } = await freshServer();
    const id = await send(headers, { TrackOpens: true });
    const messageId = id.toLowerCase();
    await put(store, "messageEvents", ...filler(retention.eventsPerMessage, (i) => ({ id: `old-${i}`, serverId, messageId, event: { Type: "Old" } as never, at: 0 })));
    expect((await call(mock.url, "POST", `/__mock/api/messages/${id}/events`, { body: { Type: "Open" } })).status).toBe(200);
    const details = await call(mock.url, "GET", `/messages/outbound/${id}/details`, { headers });
    expect(details.json.MessageEvents).toHaveLength(retention.eventsPerMessage);
    expect(details.json.MessageEvents.at(-1).Type).toBe("Opened");
  });

  it(`data removals: ${retention.dataRemovals}, the oldest going first`, async () => {
    await put(store, "dataRemovals", ...filler(retention.dataRemovals, (i) => ({ ID: -i - 1, Status: "Done" as const })));
    const answer = await call(mock.url, "POST", "/data-removals", { headers: { "X-Postmark-Account-Token": "retention" }, body: { RequestedBy: "admin@example.com", RequestedFor: "jane@example.org", NotifyWhenCompleted: false } });
    expect(answer.status).toBe(200);
    const removals = await recordsOf("dataRemovals");
    expect(removals).toHaveLength(retention.dataRemovals);
    expect(removals.at(-1)!.ID).toBe(answer.json.ID);
  });
});

describe("what an app creates is refused past its cap", () => {
  const account = { "X-Postmark-Account-Token": "retention" };
  it.each([
    {
      what: "webhooks per server",
      fill: (serverId: number) => put(store, "webhooks", ...filler(retention.webhooksPerServer, (i) => ({ serverId, webhook: { ID: -i - 1 - serverId * 10_000 } as never }))),
      request: (headers: Record<string, string>) => call(mock.url, "POST", "/webhooks", { headers, body: { Url: "https://example.com/hook" } }),
    },
    {
      what: "inbound rules per server",
      fill: (serverId: number) => put(store, "inboundRules", ...filler(retention.inboundRulesPerServer, (i) => ({ serverId, rule: { ID: -i - 1 - serverId * 10_000, Rule: `old${i}.example` } }))),
      request: (headers: Record<string, string>) => call(mock.url, "POST", "/triggers/inboundRules", { headers, body: { Rule: "new.example" } }),
    },
    {
      what: "domains",
      fill: () => put(store, "domains", ...filler(retention.domains, (i) => ({ ID: -i - 1, Name: `old${i}.example` }) as never)),
      request: () => call(mock.url, "POST", "/domains", { headers: account, body: { Name: "new.example" } }),
    },
    {
      what: "sender signatures",
      fill: () => put(store, "senders", ...filler(retention.senderSignatures, (i) => ({ ID: -i - 1, EmailAddress: `old${i}@example.org` }) as never)),
      request: () => call(mock.url, "POST", "/senders", { headers: account, body: { FromEmail: "new@example.com", Name: "New" } }),
    },
  ])("$what", async ({ what, fill, request }) => {
    const { serverId, headers } = await freshServer();
    await fill(serverId);
    const answer = await request(headers);
    expectClearRefusal({ status: answer.status, body: answer.text }, [422]);
    expect(answer.json.Message).toMatch(new RegExp(`at most [\\d,]+ ${what}`));
  });

  it(`faults: ${maxFaults}`, async () => {
    for (let i = 0; i < maxFaults; i++) {
      expect((await call(mock.url, "POST", "/__mock/api/faults", { body: { Method: "GET", Path: `/nothing/${i}`, Status: 500 } })).status).toBe(200);
    }
    const answer = await call(mock.url, "POST", "/__mock/api/faults", { body: { Method: "GET", Path: "/server", Status: 500 } });
    expectClearRefusal({ status: answer.status, body: answer.text }, [422]);
    expect(answer.json.Message).toContain(`${maxFaults} faults`);
    await call(mock.url, "DELETE", "/__mock/api/faults");
  });
});

describe("servers", () => {
  it(`keeps ${retention.servers} servers: a new token past the cap lets the oldest server go, with its token`, async () => {
    const full = createMemoryStore();
    // Filled before the first request, as state read back from disk would be.
    await atWork(full, async (work) => {
      for (let id = 1; id <= retention.servers; id++) await createServerRecord(work, { id, name: `Server ${id}`, token: `old-${id}` });
      for (let id = 1; id <= retention.servers; id++) await work.nextId("server");
    });
    await using fresh = await startMockServer({ port: 0, quiet: true, store: full });
    const answer = await call(fresh.url, "GET", "/server", { headers: { "X-Postmark-Server-Token": "newest" } });
    expect(answer.status).toBe(200);
    // Ids come from one sequence that starts above 20,000,000: the new server's is the next one.
    expect(answer.json.ID).toBe(20_000_000 + retention.servers + 1);
    const servers = await full.transaction((tx) => tx.servers.find());
    expect(servers).toHaveLength(retention.servers);
    expect(await fresh.emulator!.server(1)).toBeUndefined();
    expect(await fresh.emulator!.server("old-1")).toBeUndefined();
    expect(await fresh.emulator!.server(2)).toBeDefined();
    // A name in use is still found: the new server created through the API may not take it.
    const taken = await call(fresh.url, "POST", "/servers", { headers: { "X-Postmark-Account-Token": "a" }, body: { Name: "Server 5" } });
    expect(taken.status).toBe(422);
    expect(taken.json.ErrorCode).toBe(603);
  }, 60_000);
});
