import { describe, expect, it } from "vitest";
import { createHarness } from "../../test/harness.js";
import { put, serverOf, stored, type SeededServer } from "../../test/seed.js";
import { PostmarkError } from "../protocol/errors.js";
import { purgeExpiredStreams, streamForSending, streamsOf } from "./streams.js";

/** A server with its default streams, an archived one and a second broadcast stream. */
async function serverWithStreams(): Promise<SeededServer> {
  const server = await serverOf(createHarness());
  const [base] = await server.store.transaction((tx) => tx.streams.find({ scope: server.server.ID, order: "oldest" }));
  if (!base) throw new Error("no default stream");
  await put(
    server.store,
    "streams",
    { ...base, stream: { ...base.stream, ID: "archived-one", ArchivedAt: "2026-03-02T10:00:00.0000000-05:00", ExpectedPurgeDate: "2026-04-16T10:00:00.0000000-04:00" } },
    { ...base, stream: { ...base.stream, ID: "news", MessageStreamType: "Broadcasts" } },
  );
  return server;
}

function sendingStream({ store, server }: SeededServer, id: string) {
  return store.transaction((tx) => streamForSending(tx, server.ID, id));
}

async function streamIds({ store, server }: SeededServer): Promise<string[]> {
  return (await store.transaction((tx) => streamsOf(tx, server.ID))).map((stream) => stream.ID);
}

function purge({ store, server }: SeededServer, now: Date) {
  return store.transaction((tx) => purgeExpiredStreams(tx, server.ID, now));
}

async function refusal(run: () => Promise<unknown>): Promise<{ status: number; errorCode: number } | undefined> {
  try {
    await run();
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
  ])("'$id' → $refused", async ({ id, refused }) => {
    const server = await serverWithStreams();
    expect(await refusal(() => sendingStream(server, id))).toEqual(refused);
    if (!refused) expect((await sendingStream(server, id)).ID).toBe(id.toLowerCase());
  });
});

describe("purgeExpiredStreams", () => {
  it("removes archived streams past their purge date with their webhooks and suppressions", async () => {
    const server = await serverWithStreams();
    const suppression = { EmailAddress: "a@example.com", SuppressionReason: "ManualSuppression", Origin: "Customer", CreatedAt: "2026-03-01T10:00:00-05:00" } as const;
    await put(server.store, "suppressions", { serverId: server.server.ID, stream: "archived-one", suppression, at: Date.parse(suppression.CreatedAt) });
    await purge(server, new Date("2026-04-16T13:59:59Z"));
    expect(await streamIds(server)).toContain("archived-one");
    await purge(server, new Date("2026-04-16T14:00:00Z"));
    expect(await streamIds(server)).not.toContain("archived-one");
    expect((await stored(server, "suppressions")).find((record) => record.stream === "archived-one")).toBeUndefined();
  });
});
