import { describe, expect, it } from "vitest";
import { PostmarkError } from "../protocol/errors.js";
import { newServerState } from "./state.js";
import { purgeExpiredStreams, streamForSending } from "./streams.js";

function serverWithStreams() {
  const server = newServerState({ id: 7, name: "S", token: "t", createdAt: "2026-03-01T10:00:00.0000000-05:00", inboundHash: "a".repeat(32) });
  const base = server.streams[0]!;
  server.streams.push({ ...base, ID: "archived-one", ArchivedAt: "2026-03-02T10:00:00.0000000-05:00", ExpectedPurgeDate: "2026-04-16T10:00:00.0000000-04:00" });
  server.streams.push({ ...base, ID: "news", MessageStreamType: "Broadcasts" });
  return server;
}

function refusal(run: () => unknown): { status: number; errorCode: number } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof PostmarkError)) throw error;
    return { status: error.status, errorCode: error.errorCode };
  }
}

describe("streamForSending", () => {
  it.each([
    { id: "outbound", refused: undefined },
    { id: "OUTBOUND", refused: undefined },
    { id: "news", refused: undefined },
    { id: "missing", refused: { status: 422, errorCode: 1235 } },
    { id: "inbound", refused: { status: 422, errorCode: 1236 } },
    { id: "archived-one", refused: { status: 422, errorCode: 1235 } },
  ])("'$id' → $refused", ({ id, refused }) => {
    const server = serverWithStreams();
    expect(refusal(() => streamForSending(server, id))).toEqual(refused);
    if (!refused) expect(streamForSending(server, id).ID).toBe(id.toLowerCase());
  });
});

describe("purgeExpiredStreams", () => {
  it("removes archived streams past their purge date with their webhooks and suppressions", () => {
    const server = serverWithStreams();
    server.suppressions["archived-one"] = [{ EmailAddress: "a@example.com", SuppressionReason: "ManualSuppression", Origin: "Customer", CreatedAt: "2026-03-01T10:00:00-05:00" }];
    purgeExpiredStreams(server, new Date("2026-04-16T13:59:59Z"));
    expect(server.streams.map((stream) => stream.ID)).toContain("archived-one");
    purgeExpiredStreams(server, new Date("2026-04-16T14:00:00Z"));
    expect(server.streams.map((stream) => stream.ID)).not.toContain("archived-one");
    expect(server.suppressions["archived-one"]).toBeUndefined();
  });
});
