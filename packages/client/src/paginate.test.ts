import { describe, expect, it } from "vitest";
import { fakeFetch, json, serverToken, accountToken } from "../test/fake-fetch.js";
import { PaginationLimitError, createPostmarkClient, paginate } from "./index.js";

/** A fake list endpoint over `total` records, honouring count and offset like Postmark. */
function listOf(total: number, field: string, countName = "count", offsetName = "offset") {
  return fakeFetch((request) => {
    const count = Number(request.url.searchParams.get(countName));
    const offset = Number(request.url.searchParams.get(offsetName));
    if (count > 500 || count + offset > 10_000) return json({ ErrorCode: 1000, Message: "count/offset out of range" }, 422);
    const items = Array.from({ length: Math.max(0, Math.min(count, total - offset)) }, (_, i) => ({ ID: offset + i + 1 }));
    return json({ TotalCount: total, [field]: items });
  });
}

describe("paginate", () => {
  it("yields every item across pages of 500, stopping at TotalCount", async () => {
    const { fetch, requests } = listOf(1_234, "Bounces");
    const client = createPostmarkClient({ serverToken, fetch });
    const ids: number[] = [];
    for await (const bounce of paginate(client, "listBounces", { params: { query: { type: "HardBounce" } } })) ids.push(bounce.ID);
    expect(ids).toEqual(Array.from({ length: 1_234 }, (_, i) => i + 1));
    expect(requests.map((request) => [request.url.searchParams.get("count"), request.url.searchParams.get("offset")])).toEqual([
      ["500", "0"],
      ["500", "500"],
      ["500", "1000"],
    ]);
    expect(requests.every((request) => request.url.searchParams.get("type") === "HardBounce")).toBe(true);
  });

  it("makes one request for an empty list", async () => {
    const { fetch, requests } = listOf(0, "Servers");
    const client = createPostmarkClient({ accountToken, fetch });
    const servers = [];
    for await (const server of paginate(client, "listServers")) servers.push(server);
    expect(servers).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("honours pageSize", async () => {
    const { fetch, requests } = listOf(25, "Domains");
    const client = createPostmarkClient({ accountToken, fetch });
    let seen = 0;
    for await (const _domain of paginate(client, "listDomains", undefined, { pageSize: 10 })) seen++;
    expect(seen).toBe(25);
    expect(requests).toHaveLength(3);
  });

  it("never asks a search for count + offset over 10,000, and says when it stops there", async () => {
    const { fetch, requests } = listOf(12_000, "Messages");
    const client = createPostmarkClient({ serverToken, fetch });
    let seen = 0;
    const walk = async () => {
      for await (const _message of paginate(client, "listOutboundMessages", { params: { query: { recipient: "someone@example.org" } } }, { pageSize: 300 })) seen++;
    };
    const error = await walk().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaginationLimitError);
    expect(error).toMatchObject({ totalCount: 12_000, reached: 10_000, operationId: "listOutboundMessages" });
    expect(seen).toBe(10_000);
    const reach = requests.map((request) => Number(request.url.searchParams.get("count")) + Number(request.url.searchParams.get("offset")));
    expect(Math.max(...reach)).toBe(10_000);
  });

  it("stops quietly at the cap with onLimit: stop", async () => {
    const { fetch } = listOf(10_001, "Bounces");
    const client = createPostmarkClient({ serverToken, fetch });
    let seen = 0;
    for await (const _bounce of paginate(client, "listBounces", undefined, { onLimit: "stop" })) seen++;
    expect(seen).toBe(10_000);
  });

  it("rejects a page size Postmark would refuse", async () => {
    const client = createPostmarkClient({ serverToken, fetch: fakeFetch().fetch });
    await expect(() => paginate(client, "listBounces", undefined, { pageSize: 501 }).next()).rejects.toThrow("pageSize must be an integer from 1 to 500");
  });
});
