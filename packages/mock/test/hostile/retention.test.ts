// Every list the emulator keeps has a cap (src/core/retention.ts). Each case fills one list to its
// cap directly in the state, then makes one more entry the way an app or a test would, over HTTP:
// records of what happened keep the newest, what an app creates is refused with a clear 422.
import { beforeAll, describe, expect, it } from "vitest";
import { retention } from "../../src/core/retention.js";
import { newServerState, type ServerState } from "../../src/core/state.js";
import { maxFaults } from "../../src/control/faults.js";
import { startMockServer, type RunningMock } from "../../src/http/server.js";
import { call } from "../support.js";
import { expectClearRefusal } from "./raw.js";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMockServer({ port: 0, quiet: true });
  return () => mock.close();
});

let tokens = 0;
/** A server of its own for each case, created by its first request. */
async function freshServer(): Promise<{ token: string; server: ServerState; headers: Record<string, string> }> {
  const token = `retention-${++tokens}`;
  const headers = { "X-Postmark-Server-Token": token };
  expect((await call(mock.url, "GET", "/server", { headers })).status).toBe(200);
  const server = mock.emulator!.state.servers[mock.emulator!.state.tokens[token]!]!;
  return { token, server, headers };
}

async function send(headers: Record<string, string>, extra: Record<string, unknown> = {}): Promise<string> {
  const sent = await call(mock.url, "POST", "/email", { headers, body: { From: "app@example.com", To: "jane@example.org", Subject: "Hi", HtmlBody: '<a href="https://example.com/x">x</a>', ...extra } });
  expect(sent.status).toBe(200);
  return sent.json.MessageID as string;
}

const filler = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

describe("records of what happened keep the newest", () => {
  it.each([
    {
      list: "bounces per server",
      cap: retention.bouncesPerServer,
      fill: (server: ServerState) => (server.bounces = filler(retention.bouncesPerServer, (i) => ({ ID: -i - 1, MessageID: "old", Email: `old${i}@example.org` }) as never)),
      act: (headers: Record<string, string>) => send(headers, { To: "HardBounce@bounce-testing.postmarkapp.com" }),
      read: (server: ServerState) => server.bounces,
    },
    {
      list: "suppressions per stream",
      cap: retention.suppressionsPerStream,
      fill: (server: ServerState) => (server.suppressions["outbound"] = filler(retention.suppressionsPerStream, (i) => ({ EmailAddress: `old${i}@example.org` }) as never)),
      act: (headers: Record<string, string>) => send(headers, { To: "HardBounce@bounce-testing.postmarkapp.com" }),
      read: (server: ServerState) => server.suppressions["outbound"]!,
    },
    {
      list: "opens per server",
      cap: retention.opensPerServer,
      fill: (server: ServerState) => (server.opens = filler(retention.opensPerServer, () => ({ MessageID: "old", Recipient: "old@example.org" }) as never)),
      act: async (headers: Record<string, string>) => {
        const id = await send(headers, { TrackOpens: true });
        expect((await call(mock.url, "POST", `/__mock/api/messages/${id}/events`, { body: { Type: "Open" } })).status).toBe(200);
      },
      read: (server: ServerState) => server.opens,
    },
    {
      list: "clicks per server",
      cap: retention.clicksPerServer,
      fill: (server: ServerState) => (server.clicks = filler(retention.clicksPerServer, () => ({ MessageID: "old", Recipient: "old@example.org" }) as never)),
      act: async (headers: Record<string, string>) => {
        const id = await send(headers, { TrackLinks: "HtmlOnly" });
        expect((await call(mock.url, "POST", `/__mock/api/messages/${id}/events`, { body: { Type: "Click" } })).status).toBe(200);
      },
      read: (server: ServerState) => server.clicks,
    },
    {
      list: "inbound messages per server",
      cap: retention.inboundPerServer,
      fill: (server: ServerState) => (server.inbound = filler(retention.inboundPerServer, (i) => ({ details: { MessageID: `old-${i}` }, at: 0 }) as never)),
      act: async (_headers: Record<string, string>, server: ServerState) => {
        const injected = await call(mock.url, "POST", `/__mock/api/servers/${server.server.ID}/inbound`, { body: { From: "jane@example.org", Subject: "Re: Hi", TextBody: "Thanks" } });
        expect(injected.status).toBe(200);
      },
      read: (server: ServerState) => server.inbound,
    },
    {
      list: "bulk requests per server",
      cap: retention.bulkRequestsPerServer,
      fill: (server: ServerState) => (server.bulkRequests = filler(retention.bulkRequestsPerServer, () => ({ status: { Id: "old" }, at: 0 }) as never)),
      act: async (headers: Record<string, string>) => {
        const bulk = await call(mock.url, "POST", "/email/bulk", {
          headers,
          body: { From: "app@example.com", Subject: "News", TextBody: "Hello", MessageStream: "broadcast", Messages: [{ To: "jane@example.org" }] },
        });
        expect(bulk.status).toBe(200);
      },
      read: (server: ServerState) => server.bulkRequests,
    },
  ])("$list: $cap, the oldest going first", async ({ cap, fill, act, read }) => {
    const { server, headers } = await freshServer();
    fill(server);
    await act(headers, server);
    const list = read(server) as unknown[];
    expect(list).toHaveLength(cap);
    expect(JSON.stringify(list.at(-1))).not.toContain("old");
  });

  it(`a message's events: ${retention.eventsPerMessage}, the oldest going first`, async () => {
    const { server, headers } = await freshServer();
    const id = await send(headers, { TrackOpens: true });
    const details = server.outbound.find((record) => record.details.MessageID === id)!.details;
    details.MessageEvents = filler(retention.eventsPerMessage, () => ({ Type: "Old" }) as never);
    expect((await call(mock.url, "POST", `/__mock/api/messages/${id}/events`, { body: { Type: "Open" } })).status).toBe(200);
    expect(details.MessageEvents).toHaveLength(retention.eventsPerMessage);
    expect(details.MessageEvents.at(-1)!.Type).toBe("Opened");
  });

  it(`data removals: ${retention.dataRemovals}, the oldest going first`, async () => {
    const state = mock.emulator!.state;
    state.dataRemovals = filler(retention.dataRemovals, (i) => ({ ID: -i - 1, Status: "Done" }));
    const answer = await call(mock.url, "POST", "/data-removals", { headers: { "X-Postmark-Account-Token": "retention" }, body: { RequestedBy: "admin@example.com", RequestedFor: "jane@example.org", NotifyWhenCompleted: false } });
    expect(answer.status).toBe(200);
    expect(state.dataRemovals).toHaveLength(retention.dataRemovals);
    expect(state.dataRemovals.at(-1)!.ID).toBe(answer.json.ID);
  });
});

describe("what an app creates is refused past its cap", () => {
  const account = { "X-Postmark-Account-Token": "retention" };
  it.each([
    {
      what: "webhooks per server",
      fill: (server: ServerState) => (server.webhooks = filler(retention.webhooksPerServer, (i) => ({ ID: -i - 1 }) as never)),
      request: (headers: Record<string, string>) => call(mock.url, "POST", "/webhooks", { headers, body: { Url: "https://example.com/hook" } }),
    },
    {
      what: "inbound rules per server",
      fill: (server: ServerState) => (server.inboundRules = filler(retention.inboundRulesPerServer, (i) => ({ ID: -i - 1, Rule: `old${i}.example` }))),
      request: (headers: Record<string, string>) => call(mock.url, "POST", "/triggers/inboundRules", { headers, body: { Rule: "new.example" } }),
    },
    {
      what: "domains",
      fill: () => (mock.emulator!.state.domains = filler(retention.domains, (i) => ({ ID: -i - 1, Name: `old${i}.example` }) as never)),
      request: () => call(mock.url, "POST", "/domains", { headers: account, body: { Name: "new.example" } }),
    },
    {
      what: "sender signatures",
      fill: () => (mock.emulator!.state.senders = filler(retention.senderSignatures, (i) => ({ ID: -i - 1, EmailAddress: `old${i}@example.org` }) as never)),
      request: () => call(mock.url, "POST", "/senders", { headers: account, body: { FromEmail: "new@example.com", Name: "New" } }),
    },
  ])("$what", async ({ what, fill, request }) => {
    const { server, headers } = await freshServer();
    fill(server);
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
    await using fresh = await startMockServer({ port: 0, quiet: true });
    const state = fresh.emulator!.state;
    // Filled before the first request, as state read back from disk would be.
    for (let id = 1; id <= retention.servers; id++) {
      state.servers[id] = newServerState({ id, name: `Server ${id}`, token: `old-${id}`, createdAt: "", inboundHash: "0".repeat(32) });
      state.tokens[`old-${id}`] = id;
    }
    state.ids["server"] = retention.servers + 1;
    const answer = await call(fresh.url, "GET", "/server", { headers: { "X-Postmark-Server-Token": "newest" } });
    expect(answer.status).toBe(200);
    expect(answer.json.ID).toBe(retention.servers + 1);
    expect(Object.keys(state.servers)).toHaveLength(retention.servers);
    expect(state.servers[1]).toBeUndefined();
    expect(state.tokens["old-1"]).toBeUndefined();
    expect(state.servers[2]).toBeDefined();
    // A name in use is still found: the new server created through the API may not take it.
    const taken = await call(fresh.url, "POST", "/servers", { headers: { "X-Postmark-Account-Token": "a" }, body: { Name: "Server 5" } });
    expect(taken.status).toBe(422);
    expect(taken.json.ErrorCode).toBe(603);
  });
});
